using System.Diagnostics;
using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;
using MemberCard.Server.Hosting;
using MemberCard.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MemberCard.Deploy.Tests;

/// <summary>The server started as the migration Job starts it: it applies every migration and exits 0, serving nothing.</summary>
public sealed class MigrationModeTests
{
    [Fact]
    public async Task OnSqliteTheServerAppliesEveryMigrationAndExits()
    {
        var directory = TestSqlite.CreateDataDirectory();
        try
        {
            var output = await RunServerAsync(new() { ["Storage__Provider"] = "sqlite", ["Storage__Sqlite__DataDirectory"] = directory });
            Assert.Contains("Schema migrations applied", output);
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "membercard.db")};Pooling=False");
            await connection.OpenAsync();
            Assert.Equal(Shipped(typeof(SqliteGrainStorage)), await RecordedAsync(connection));
        }
        finally
        {
            TestSqlite.DeleteDataDirectory(directory);
        }
    }

    [PostgresFact]
    public async Task OnPostgresTheServerAppliesEveryMigrationAndExitsAndASecondRunChangesNothing()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var settings = new Dictionary<string, string> { ["Storage__Provider"] = "postgres", ["Storage__Postgres__ConnectionString"] = connectionString };
            await RunServerAsync(settings);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            Assert.Equal(Shipped(typeof(PostgresGrainStorage)), await RecordedAsync(connection));
            // The Job runs again on every upgrade: applied scripts are skipped.
            await RunServerAsync(settings);
            Assert.Equal(Shipped(typeof(PostgresGrainStorage)), await RecordedAsync(connection));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    // Runs MemberCard.Server.dll (beside the tests) with the Job's argument; returns its output once it exited 0.
    private static async Task<string> RunServerAsync(Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "MemberCard.Server.dll"), $"--{MigrationMode.Setting}=true"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // A port nobody listens on: the server must exit without serving it.
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:1";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{await output}\n{await error}");
        return await output + await error;
    }

    private static List<int> Shipped(Type provider) => [.. MigrationScript.LoadEmbedded(provider.Assembly).Select(s => s.Version)];

    private static async Task<List<int>> RecordedAsync(System.Data.Common.DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        var versions = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) versions.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        return versions;
    }
}
