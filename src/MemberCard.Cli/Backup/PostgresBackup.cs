using System.Text.RegularExpressions;
using Npgsql;

namespace MemberCard.Cli.Backup;

/// <summary>
/// <c>membercard backup postgres</c> and <c>restore postgres</c>: pg_dump's custom format (one consistent snapshot
/// of the whole database, taken while the silos write) and pg_restore into an empty database. The dump goes to a
/// <c>.partial</c> file that is renamed only when pg_dump succeeded.
/// </summary>
internal static partial class PostgresBackup
{
    public static async Task<BackupReport> BackupAsync(
        string connectionString, string outputPath, bool force, string? toolDirectory, Func<CopyProgress, Task> progress,
        CancellationToken cancellationToken)
    {
        var environment = LibpqEnvironment.From(connectionString);
        var pgDump = PostgresTools.Find("pg_dump", toolDirectory);
        if (File.Exists(outputPath) && !force) throw new BackupException($"{outputPath} exists; pass --force to replace it");
        int tables;
        await using (var connection = await OpenAsync(connectionString, cancellationToken))
        {
            if (!await HasTableAsync(connection, "schema_migrations", cancellationToken))
                throw new BackupException($"database {connection.Database} is no MemberCard database (no schema_migrations table)");
            tables = await CountTablesAsync(connection, cancellationToken);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        var partial = outputPath + ".partial";
        File.Delete(partial);
        try
        {
            var done = 0;
            await WhileRunningAsync(
                token => PostgresToolRun.RunAsync(pgDump, ["--format=custom", "--verbose", "--no-password", "--file", partial], environment,
                    line => { if (DumpedTable().IsMatch(line)) Interlocked.Increment(ref done); }, token),
                () => progress(new CopyProgress("dumping", Volatile.Read(ref done), tables, File.Exists(partial) ? new FileInfo(partial).Length : 0)),
                cancellationToken);
            File.Move(partial, outputPath, overwrite: true);
            var bytes = new FileInfo(outputPath).Length;
            await progress(new CopyProgress("dumped", done, tables, bytes));
            return new BackupReport(outputPath, bytes, []);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public static async Task<BackupReport> RestoreAsync(
        string backupPath, string connectionString, bool force, bool create, int jobs, string? toolDirectory,
        Func<CopyProgress, Task> progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(backupPath)) throw new BackupException($"no backup at {backupPath}");
        var environment = LibpqEnvironment.From(connectionString);
        var pgRestore = PostgresTools.Find("pg_restore", toolDirectory);
        var list = await PostgresToolRun.RunAsync(pgRestore, ["--list", backupPath], environment, _ => { }, cancellationToken);
        var tables = list.Split('\n').Count(line => line.Contains(" TABLE DATA ", StringComparison.Ordinal));
        await using var connection = await OpenTargetAsync(connectionString, create, cancellationToken);
        var existing = await CountTablesAsync(connection, cancellationToken);
        if (existing > 0 && !force)
            throw new BackupException($"database {connection.Database} already has {existing} tables; restore into a new database, or pass --force to replace what the backup holds");
        var others = await OtherSessionsAsync(connection, cancellationToken);
        if (others > 0)
            throw new BackupException($"{others} other sessions are connected to database {connection.Database} (a running server?); stop them before restoring into it");

        List<string> arguments = ["--verbose", "--no-password", "--exit-on-error", "--no-owner", "--no-privileges", "--dbname", connection.Database];
        // One transaction: a failed restore leaves the database as it was. pg_restore cannot combine it with --jobs.
        arguments.Add(jobs > 1 ? $"--jobs={jobs}" : "--single-transaction");
        if (existing > 0) arguments.AddRange(["--clean", "--if-exists"]);
        arguments.Add(backupPath);
        var done = 0;
        await WhileRunningAsync(
            token => PostgresToolRun.RunAsync(pgRestore, arguments, environment,
                line => { if (RestoredTable().IsMatch(line)) Interlocked.Increment(ref done); }, token),
            async () => await progress(new CopyProgress("restoring", Volatile.Read(ref done), tables, await DatabaseSizeAsync(connection, cancellationToken))),
            cancellationToken);
        if (!await HasTableAsync(connection, "schema_migrations", cancellationToken))
            throw new BackupException($"{backupPath} restored no schema_migrations table: it is no MemberCard backup");
        var size = await DatabaseSizeAsync(connection, cancellationToken);
        await progress(new CopyProgress("restored", done, tables, size));
        var newestAudit = await ScalarAsync(connection, "SELECT max(created_at) FROM log_entries WHERE log = 'audit'", cancellationToken);
        return new BackupReport(connection.Database, size, [],
            newestAudit is DateTime at ? at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    // The tool runs while the progress line is redrawn each second.
    private static async Task WhileRunningAsync(Func<CancellationToken, Task> run, Func<Task> report, CancellationToken cancellationToken)
    {
        var task = run(cancellationToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await Task.WhenAny(task, timer.WaitForNextTickAsync(cancellationToken).AsTask()) != task) await report();
        await task;
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new BackupException($"cannot connect to PostgreSQL: {e.Message}");
        }
    }

    // A database that does not exist yet is created with --create, through the server's maintenance database.
    private static async Task<NpgsqlConnection> OpenTargetAsync(string connectionString, bool create, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        try
        {
            var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            if (!create) throw new BackupException($"database {builder.Database} does not exist; create it (createdb) or pass --create");
        }
        var name = builder.Database!;
        await using (var maintenance = await OpenAsync(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "postgres" }.ConnectionString, cancellationToken))
        await using (var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", maintenance))
            await command.ExecuteNonQueryAsync(cancellationToken);
        return await OpenAsync(builder.ConnectionString, cancellationToken);
    }

    private static async Task<int> CountTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (int)(long)(await ScalarAsync(connection,
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')", cancellationToken))!;

    private static async Task<bool> HasTableAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken) =>
        (bool)(await ScalarAsync(connection, $"SELECT to_regclass('{table}') IS NOT NULL", cancellationToken))!;

    private static async Task<int> OtherSessionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (int)(long)(await ScalarAsync(connection,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", cancellationToken))!;

    private static async Task<long> DatabaseSizeAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (long)(await ScalarAsync(connection, "SELECT pg_database_size(current_database())", cancellationToken))!;

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    [GeneratedRegex("^pg_dump: dumping contents of table ")]
    private static partial Regex DumpedTable();

    [GeneratedRegex("^pg_restore: processing data for table ")]
    private static partial Regex RestoredTable();
}
