using Microsoft.Data.Sqlite;

namespace MemberCard.Cli.Backup;

/// <summary>
/// <c>membercard backup sqlite</c> and <c>restore sqlite</c>: an online copy of <c>membercard.db</c> while the server
/// runs, and a restore into a data directory no server uses. Both write a <c>.partial</c> file beside the target,
/// check it (<c>PRAGMA quick_check</c>, the schema's <c>schema_migrations</c>) and only then move it into place, so an
/// interrupted run never leaves a file that looks whole.
/// </summary>
internal static class SqliteBackup
{
    /// <summary>Pages per step of the copy; each step reports progress.</summary>
    public const int DefaultPagesPerStep = 256;

    public static async Task<BackupReport> BackupAsync(
        string databasePath, string outputPath, bool force, Func<CopyProgress, Task> progress, CancellationToken cancellationToken,
        int pagesPerStep = DefaultPagesPerStep)
    {
        if (!File.Exists(databasePath)) throw new BackupException($"no database at {databasePath}");
        RefuseSameFile(databasePath, outputPath);
        if (File.Exists(outputPath) && !force) throw new BackupException($"{outputPath} exists; pass --force to replace it");
        return await CopyIntoPlaceAsync(databasePath, outputPath, progress, pagesPerStep, cancellationToken);
    }

    public static async Task<BackupReport> RestoreAsync(
        string backupPath, string databasePath, bool force, Func<CopyProgress, Task> progress, CancellationToken cancellationToken,
        int pagesPerStep = DefaultPagesPerStep)
    {
        if (!File.Exists(backupPath)) throw new BackupException($"no backup at {backupPath}");
        RefuseSameFile(backupPath, databasePath);
        if (File.Exists(databasePath))
        {
            if (!force) throw new BackupException($"{databasePath} exists; restore into a new data directory, or pass --force to replace it");
            if (SqliteFileInUse.IsInUse(databasePath))
                throw new BackupException($"{databasePath} is open in another process (a running server?); stop it before replacing its database");
        }
        return await CopyIntoPlaceAsync(backupPath, databasePath, progress, pagesPerStep, cancellationToken);
    }

    private static async Task<BackupReport> CopyIntoPlaceAsync(
        string sourcePath, string targetPath, Func<CopyProgress, Task> progress, int pagesPerStep, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(targetPath))!);
        var partial = targetPath + ".partial";
        DeleteWithSidecars(partial);
        try
        {
            await SqlitePageCopy.CopyAsync(sourcePath, partial, pagesPerStep, progress, cancellationToken);
            var (tables, newestAudit) = await CheckAsync(partial, sourcePath, progress, cancellationToken);
            // A replaced database's write-ahead log or journal would be replayed onto the new file.
            foreach (var suffix in new[] { "-wal", "-shm", "-journal" }) File.Delete(targetPath + suffix);
            File.Move(partial, targetPath, overwrite: true);
            return new BackupReport(targetPath, new FileInfo(targetPath).Length, tables, newestAudit);
        }
        finally
        {
            DeleteWithSidecars(partial);
        }
    }

    // The copy is checked page by page and must be a MemberCard database; its rows are counted table by table. It is
    // left in rollback-journal mode, one self-contained file (the server turns WAL back on when it opens it).
    private static async Task<(List<(string, long)>, string?)> CheckAsync(
        string path, string sourcePath, Func<CopyProgress, Task> progress, CancellationToken cancellationToken)
    {
        await using var connection = SqlitePageCopy.Open(path, SqliteOpenMode.ReadWrite);
        var check = (string?)await ScalarAsync(connection, "PRAGMA quick_check", cancellationToken);
        if (check != "ok") throw new BackupException($"the copy fails SQLite's quick_check: {check}");
        await ScalarAsync(connection, "PRAGMA journal_mode = DELETE", cancellationToken);
        var names = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) names.Add(reader.GetString(0));
        }
        if (!names.Contains("schema_migrations")) throw new BackupException($"{sourcePath} is no MemberCard database (no schema_migrations table)");
        var bytes = new FileInfo(path).Length;
        var tables = new List<(string, long)>();
        foreach (var name in names)
        {
            tables.Add((name, (long)(await ScalarAsync(connection, $"SELECT count(*) FROM \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", cancellationToken))!));
            await progress(new CopyProgress("checking", tables.Count, names.Count, bytes));
        }
        var newestAudit = names.Contains("log_entries")
            ? await ScalarAsync(connection, "SELECT max(created_at) FROM log_entries WHERE log = 'audit'", cancellationToken) as string
            : null;
        return (tables, newestAudit);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static void RefuseSameFile(string source, string target)
    {
        if (string.Equals(Path.GetFullPath(source), Path.GetFullPath(target), StringComparison.Ordinal))
            throw new BackupException($"{target} is the file being copied; write to another path");
    }

    private static void DeleteWithSidecars(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(path + suffix);
    }
}
