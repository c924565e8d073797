using Npgsql;

namespace MemberCard.Testing;

/// <summary>
/// The PostgreSQL server tests run against, named by the <c>MEMBERCARD_TEST_POSTGRES</c> connection string
/// (scripts/test.sh starts a disposable server and sets it). Each test gets a database of its own.
/// </summary>
public static class TestPostgres
{
    /// <summary>Environment variable holding the Npgsql connection string of the test server.</summary>
    public const string ConnectionStringVariable = "MEMBERCARD_TEST_POSTGRES";

    private static readonly Lazy<NpgsqlDataSource> AdminDataSource = new(() => NpgsqlDataSource.Create(ServerConnectionString));

    /// <summary>The server's connection string, or null when none is configured.</summary>
    public static string? ConfiguredConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// Why PostgreSQL tests are skipped, or null when they must run: always in CI, so a CI machine without
    /// PostgreSQL fails loudly instead of passing with nothing tested.
    /// </summary>
    public static string? SkipReason =>
        ConfiguredConnectionString is null && !IsContinuousIntegration
            ? $"PostgreSQL not configured: run scripts/test.sh or set {ConnectionStringVariable}"
            : null;

    private static bool IsContinuousIntegration =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string ServerConnectionString => ConfiguredConnectionString
        ?? throw new InvalidOperationException(
            $"PostgreSQL tests need a server: run scripts/test.sh, or set {ConnectionStringVariable} to an Npgsql connection string "
            + "(e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres).");

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"mc_test_{Guid.NewGuid():N}";
        // Identifiers cannot be parameters; the name is generated here, never taken from input.
        await using (var command = AdminDataSource.Value.CreateCommand($"CREATE DATABASE \"{name}\""))
            await command.ExecuteNonQueryAsync(cancellationToken);
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Drops a database made by <see cref="CreateDatabaseAsync"/>, closing connections still open on it.
    /// Best effort: the server is disposable, so a database left behind costs only disk space.
    /// </summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (name is null || !name.StartsWith("mc_test_", StringComparison.Ordinal)) return;
        try
        {
            await using var command = AdminDataSource.Value.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Cleanup must not turn a passing test into a failing one.
        }
    }

    /// <summary>
    /// Waits until every transaction that started on the server before this call has ended, so the stream reader's
    /// horizon (<c>pg_snapshot_xmin</c>, which is server-wide) has passed rows committed so far. Other test assemblies
    /// share the server, and their open transactions hold the horizon back for a moment.
    /// </summary>
    public static async Task WaitForStreamHorizonAsync(string connectionString, TimeSpan? timeout = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_current_xact_id()::text", connection))
        {
            var mark = (string)(await take.ExecuteScalarAsync())!;
            await using var check = new NpgsqlCommand("SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::text::xid8", connection)
            {
                Parameters = { new() { Value = mark } },
            };
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
            while (!(bool)(await check.ExecuteScalarAsync())!)
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"a transaction older than xid {mark} is still open on the test server");
                await Task.Delay(20);
            }
        }
    }
}
