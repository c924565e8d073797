using System.CommandLine;
using MemberCard.Cli.Load;

namespace MemberCard.Cli.Backup;

/// <summary><c>membercard backup sqlite|postgres</c> and <c>membercard restore sqlite|postgres</c>.</summary>
internal static class BackupCommand
{
    public static Command[] Create() => [CreateBackup(), CreateRestore()];

    private static Command CreateBackup()
    {
        var dataDirectory = DataDirectoryOption(Environment.GetEnvironmentVariable("Storage__Sqlite__DataDirectory") ?? "data",
            "The server's data directory, holding membercard.db (default: $Storage__Sqlite__DataDirectory, then ./data).");
        var output = new Option<string>("--output", "-o") { Description = "The backup file to write.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace --output if it exists." };
        var sqlite = new Command("sqlite", "Online copy of membercard.db (SQLite's backup API; the server keeps running and writing).")
        {
            dataDirectory, output, force,
        };
        sqlite.SetAction((result, cancellationToken) => RunAsync("backup", cancellationToken, progress =>
            SqliteBackup.BackupAsync(DatabasePath(result.GetValue(dataDirectory)!), result.GetValue(output)!, result.GetValue(force), progress, cancellationToken)));

        var postgres = PostgresOption(Environment.GetEnvironmentVariable("Storage__Postgres__ConnectionString") ?? Environment.GetEnvironmentVariable("MEMBERCARD_POSTGRES"),
            "The server's Npgsql connection string (default: $Storage__Postgres__ConnectionString, then $MEMBERCARD_POSTGRES).");
        var pgBin = PgBinOption();
        var pgOutput = new Option<string>("--output", "-o") { Description = "The dump file to write (pg_dump custom format).", Required = true };
        var pgForce = new Option<bool>("--force") { Description = "Replace --output if it exists." };
        var pg = new Command("postgres", "pg_dump --format=custom of the server's database (one consistent snapshot; the silos keep running).")
        {
            postgres, pgOutput, pgForce, pgBin,
        };
        pg.SetAction((result, cancellationToken) => RunAsync("backup", cancellationToken, progress =>
            PostgresBackup.BackupAsync(Required(result.GetValue(postgres), "--postgres"), result.GetValue(pgOutput)!, result.GetValue(pgForce),
                result.GetValue(pgBin), progress, cancellationToken)));
        return new Command("backup", "Back up the server's database while it runs (docs/operations.md, \"Backup and restore\").") { sqlite, pg };
    }

    private static Command CreateRestore()
    {
        var input = new Option<string>("--input", "-i") { Description = "The backup file.", Required = true };
        var dataDirectory = DataDirectoryOption(null, "The data directory to restore into; membercard.db is created there.");
        dataDirectory.Required = true;
        var force = new Option<bool>("--force") { Description = "Replace an existing membercard.db (never one a running server has open)." };
        var sqlite = new Command("sqlite", "Restore a backup into a new data directory.") { input, dataDirectory, force };
        sqlite.SetAction((result, cancellationToken) => RunAsync("restore", cancellationToken, progress =>
            SqliteBackup.RestoreAsync(result.GetValue(input)!, DatabasePath(result.GetValue(dataDirectory)!), result.GetValue(force), progress, cancellationToken)));

        var pgInput = new Option<string>("--input", "-i") { Description = "The dump file (pg_dump custom format).", Required = true };
        var postgres = PostgresOption(Environment.GetEnvironmentVariable("MEMBERCARD_RESTORE_POSTGRES"),
            "Npgsql connection string of the database to restore into, an empty one (default: $MEMBERCARD_RESTORE_POSTGRES, which keeps the password off the command line).");
        var pgForce = new Option<bool>("--force") { Description = "Restore into a database that has tables (pg_restore --clean: drops what the backup holds first)." };
        var create = new Option<bool>("--create") { Description = "Create the database when it does not exist." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Parallel pg_restore jobs (more than 1: no single transaction).", DefaultValueFactory = _ => 1 };
        var pgBin = PgBinOption();
        var pg = new Command("postgres", "pg_restore a dump into a fresh database.") { pgInput, postgres, pgForce, create, jobs, pgBin };
        pg.SetAction((result, cancellationToken) => RunAsync("restore", cancellationToken, progress =>
            PostgresBackup.RestoreAsync(result.GetValue(pgInput)!, Required(result.GetValue(postgres), "--postgres", "MEMBERCARD_RESTORE_POSTGRES"), result.GetValue(pgForce), result.GetValue(create),
                Math.Max(1, result.GetValue(jobs)), result.GetValue(pgBin), progress, cancellationToken)));
        return new Command("restore", "Restore a backup into a new database (docs/operations.md, \"Backup and restore\").") { sqlite, pg };
    }

    private static async Task<int> RunAsync(string verb, CancellationToken cancellationToken, Func<Func<CopyProgress, Task>, Task<BackupReport>> run)
    {
        var line = new ProgressLine();
        CopyProgress? last = null;
        try
        {
            var report = await run(p =>
            {
                last = p;
                line.Show(p.Describe());
                return Task.CompletedTask;
            });
            line.End(last?.Describe() ?? "");
            var rows = report.Tables.Count > 0 ? $", {report.Tables.Count} tables, {report.Tables.Sum(t => t.Rows)} rows" : "";
            await Console.Out.WriteLineAsync($"{verb} done: {report.Path} ({report.Bytes} bytes{rows})");
            if (verb == "restore")
            {
                await Console.Out.WriteLineAsync($"newest audit entry in the backup: {report.NewestAuditEntry ?? "none"}. Members erased after it are back: "
                    + "re-apply their erasures on the restored server before tills use it (docs/operations.md, \"After a restore\").");
            }
            return 0;
        }
        catch (OperationCanceledException)
        {
            if (last is not null) line.End(last.Describe());
            await Console.Error.WriteLineAsync($"membercard {verb}: cancelled"
                + (verb == "backup" ? "; no backup file was written" : "; restore again into a new database"));
            return 130;
        }
        catch (Exception e)
        {
            // The operator gets the reason in one line; BackupException messages are written for that, others are
            // the library's own (SQLite, Npgsql, the file system).
            if (last is not null) line.End(last.Describe());
            await Console.Error.WriteLineAsync($"membercard {verb}: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    private static string DatabasePath(string dataDirectory) => Path.Combine(dataDirectory, "membercard.db");

    private static string Required(string? value, string option, string variable = "Storage__Postgres__ConnectionString") =>
        value is { Length: > 0 } ? value : throw new BackupException($"{option} is required (or set ${variable})");

    private static Option<string> DataDirectoryOption(string? fallback, string description)
    {
        var option = new Option<string>("--data-dir") { Description = description };
        if (fallback is not null) option.DefaultValueFactory = _ => fallback;
        return option;
    }

    private static Option<string?> PostgresOption(string? fallback, string description) => new("--postgres")
    {
        Description = description, DefaultValueFactory = _ => fallback,
    };

    private static Option<string?> PgBinOption() => new("--pg-bin")
    {
        Description = "Directory of pg_dump and pg_restore (default: the newest /usr/lib/postgresql/*/bin, then PATH).",
    };
}
