using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MemberCard.Cli.Backup;

/// <summary>
/// Copies one SQLite database into a new file page by page with SQLite's online backup API, while others keep writing
/// to the source. The source connection holds one read transaction for the whole copy: in WAL mode that never blocks
/// a writer, and every step reads the same snapshot, so the copy is the database as of one commit and the backup
/// never restarts however busy the source is (a step outside a transaction would restart after each foreign write).
/// </summary>
internal static class SqlitePageCopy
{
    /// <summary>Copies <paramref name="sourcePath"/> into <paramref name="targetPath"/>, which must not exist yet.</summary>
    public static async Task CopyAsync(
        string sourcePath, string targetPath, int pagesPerStep, Func<CopyProgress, Task> progress, CancellationToken cancellationToken)
    {
        await using var source = Open(sourcePath, SqliteOpenMode.ReadOnly);
        await using var target = Open(targetPath, SqliteOpenMode.ReadWriteCreate);
        await using var snapshot = source.BeginTransaction(deferred: true);
        // A deferred transaction takes its snapshot at the first read.
        await using (var read = source.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM sqlite_schema";
            await read.ExecuteScalarAsync(cancellationToken);
        }
        var pageSize = await PageSizeAsync(source, cancellationToken);
        var backup = raw.sqlite3_backup_init(target.Handle, "main", source.Handle, "main");
        if (backup is null || backup.IsInvalid) throw new BackupException($"cannot start the copy: {raw.sqlite3_errmsg(target.Handle).utf8_to_string()}");
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rc = raw.sqlite3_backup_step(backup, pagesPerStep);
                var total = raw.sqlite3_backup_pagecount(backup);
                var done = total - raw.sqlite3_backup_remaining(backup);
                await progress(new CopyProgress($"pages {done} / {total}", 0, 0, (long)done * pageSize, (long)total * pageSize));
                if (rc == raw.SQLITE_DONE) break;
                if (rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED) await Task.Delay(10, cancellationToken);
                else if (rc != raw.SQLITE_OK) throw new BackupException($"copy failed: {raw.sqlite3_errstr(rc).utf8_to_string()}");
            }
        }
        finally
        {
            raw.sqlite3_backup_finish(backup);
        }
        await snapshot.CommitAsync(cancellationToken);
    }

    /// <summary>A connection of its own (no pool), so closing it really closes the file.</summary>
    public static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static async Task<long> PageSizeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
