using System.Data.Common;
using MemberCard.Runtime.Streams;
using Microsoft.Data.Sqlite;

namespace MemberCard.Runtime.Sqlite;

/// <summary>
/// The SQLite file of <see cref="SqliteGrainStorage"/>, opened read-write for stream checkpoints and projections.
/// SQLite admits one writer: these writes wait (busy timeout) for the grain writer and the grain writer for them.
/// </summary>
public sealed class SqliteProjectionDatabase(SqliteGrainStorage storage) : IProjectionDatabase
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = storage.DatabasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = true, DefaultTimeout = 30,
    }.ToString();

    /// <inheritdoc />
    public ProjectionDialect Dialect => ProjectionDialect.Sqlite;

    /// <inheritdoc />
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 30000";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public object Timestamp(DateTimeOffset value) => SqliteTimestamps.ToText(value);

    /// <inheritdoc />
    public DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) => SqliteTimestamps.FromText(reader.GetString(ordinal));
}
