using Microsoft.Data.Sqlite;

namespace MemberCard.Cli.Backup;

/// <summary>
/// Whether another connection (a running server, in this process or another) has an SQLite file open. In WAL mode
/// every open connection keeps a shared lock on the file's shared-memory index, so a connection in exclusive locking
/// mode cannot read it while any other is open.
/// </summary>
internal static class SqliteFileInUse
{
    public static bool IsInUse(string path)
    {
        // Microsoft.Data.Sqlite retries a busy file until its command timeout (30 s by default; 0 is forever): one second.
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 1,
        }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        try
        {
            Execute(connection, "PRAGMA busy_timeout = 0");
            Execute(connection, "PRAGMA locking_mode = EXCLUSIVE");
            Execute(connection, "SELECT count(*) FROM sqlite_schema");
            return false;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // SQLITE_BUSY or SQLITE_LOCKED: someone else holds it.
            return true;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteScalar();
    }
}
