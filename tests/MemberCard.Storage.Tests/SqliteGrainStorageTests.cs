using MemberCard.Runtime;
using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Data.Sqlite;

namespace MemberCard.Storage.Tests;

/// <summary>The SQLite provider against the shared contract, each test in a database file of its own.</summary>
public sealed class SqliteGrainStorageTests : SqlGrainStorageContractTests
{
    /// <inheritdoc />
    protected override Task<string> CreateEmptyDatabaseAsync() => Task.FromResult(TestSqlite.CreateDataDirectory());

    /// <inheritdoc />
    protected override IGrainStorage CreateInstance(string location) =>
        new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = location });

    /// <inheritdoc />
    protected override Task DeleteDatabaseAsync(string location)
    {
        TestSqlite.DeleteDataDirectory(location);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<OutboxRow>> ReadOutboxAsync()
    {
        await using var connection = OpenFile(Location);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_type, grain_key, version, idx, kind, payload FROM outbox ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
            rows.Add(new OutboxRow(new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetInt64(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5)));
        return rows;
    }

    [Fact]
    public async Task DatabaseIsOneFileInTheDataDirectoryInWalMode()
    {
        var directory = Path.Combine(await NewDatabaseAsync(), "nested", "data");
        var storage = Open(directory);

        await ((IStorageInitializer)storage).InitializeAsync();

        Assert.True(File.Exists(Path.Combine(directory, "membercard.db")));
        await using var connection = OpenFile(directory);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task MigrationsAreRecordedOnce()
    {
        await ((IStorageInitializer)Storage).InitializeAsync();

        await using var connection = OpenFile(Location);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name FROM schema_migrations ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((1L, "initial"), (reader.GetInt64(0), reader.GetString(1)));
        Assert.True(await reader.ReadAsync());
        Assert.Equal((2L, "append_only_journal"), (reader.GetInt64(0), reader.GetString(1)));
        Assert.True(await reader.ReadAsync());
        Assert.Equal((3L, "log_entries"), (reader.GetInt64(0), reader.GetString(1)));
        // Later scripts (streams 0010, reports 0011, ...) each once, in version order.
        var later = new List<long>();
        while (await reader.ReadAsync()) later.Add(reader.GetInt64(0));
        Assert.Contains(10L, later);
        Assert.Equal(later.Distinct().Order(), later);
    }

    [Theory]
    [InlineData("UPDATE grain_journal SET payload = '{}'")]
    [InlineData("DELETE FROM grain_journal")]
    public async Task JournalRefusesEditsAndDeletes(string statement)
    {
        var grain = NewGrain();
        await Storage.WriteAsync(new GrainWrite(grain, 0, "{}", T0) { Journal = [new JournalAppend("entry", null, """{"amount":1}""")] });

        await using var connection = OpenFile(Location, SqliteOpenMode.ReadWrite);
        await using var command = connection.CreateCommand();
        command.CommandText = statement;
        var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", refused.Message);
        Assert.Single(await Storage.ReadJournalAsync(grain, new JournalQuery(10)));
    }

    [Theory]
    [InlineData("UPDATE log_entries SET payload = '{}'")]
    [InlineData("DELETE FROM log_entries")]
    public async Task LogEntriesRefuseEditsAndDeletes(string statement)
    {
        await Storage.WriteAsync(new GrainWrite(NewGrain(), 0, "{}", T0) { Logs = [new LogAppend("audit", """{"action":"x"}""")] });

        await using var connection = OpenFile(Location, SqliteOpenMode.ReadWrite);
        await using var command = connection.CreateCommand();
        command.CommandText = statement;
        var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", refused.Message);
        Assert.Single(await Storage.ReadLogAsync("audit", new LogQuery(10)));
    }

    [Fact]
    public async Task WriteBeforeInitializationIsRefusedClearly()
    {
        var storage = Open(await NewDatabaseAsync());

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.WriteAsync(new GrainWrite(NewGrain(), 0, "{}", T0)));

        Assert.Contains("InitializeAsync", refused.Message);
    }

    // Unpooled, so the test's own connection never keeps the file open after the test.
    private static SqliteConnection OpenFile(string directory, SqliteOpenMode mode = SqliteOpenMode.ReadOnly)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "membercard.db"), Mode = mode, Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}
