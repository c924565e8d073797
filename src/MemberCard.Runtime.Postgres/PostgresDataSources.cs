using Npgsql;

namespace MemberCard.Runtime.Postgres;

/// <summary>How the storage's connection pools are made (the grain write path's and the projections').</summary>
internal static class PostgresDataSources
{
    /// <summary>
    /// A pool on <paramref name="connectionString"/> that prepares the statements it repeats (a value the connection
    /// string sets wins) and skips the reset on reuse.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        // Writes, stream reads, checkpoints and projections repeat a handful of statements; preparing them once per
        // connection spares the server a parse and plan each time (measured: the stream read was planned on every
        // poll, 0.45 ms each, more than it took to run).
        if (connection.MaxAutoPrepare == 0) connection.MaxAutoPrepare = 64;
        // Nothing here leaves session state on a connection (no SET, temp tables or session locks), so the reset
        // Npgsql would run on every reuse of a pooled connection (a DISCARD ALL round trip) is wasted work.
        connection.NoResetOnClose = true;
        return NpgsqlDataSource.Create(connection.ConnectionString);
    }
}
