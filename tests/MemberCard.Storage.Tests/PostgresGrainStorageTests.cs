using MemberCard.Runtime;
using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using MemberCard.Testing;
using Npgsql;

namespace MemberCard.Storage.Tests;

/// <summary>The PostgreSQL provider against the shared contract, each test in a database of its own.</summary>
[RequiresPostgres]
public sealed class PostgresGrainStorageTests : SqlGrainStorageContractTests
{
    /// <inheritdoc />
    protected override Task<string> CreateEmptyDatabaseAsync() => TestPostgres.CreateDatabaseAsync();

    /// <inheritdoc />
    protected override IGrainStorage CreateInstance(string location) =>
        new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = location });

    /// <inheritdoc />
    protected override Task DeleteDatabaseAsync(string location) => TestPostgres.DropDatabaseAsync(location);

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<OutboxRow>> ReadOutboxAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT grain_type, grain_key, version, idx, kind, payload FROM outbox ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
            rows.Add(new OutboxRow(new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetInt64(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5)));
        return rows;
    }

    [PostgresFact]
    public async Task StateIsStoredAsQueryableJsonb()
    {
        var grain = NewGrain();
        await Storage.WriteAsync(new GrainWrite(grain, 0, """{"member":{"name":"Zoë"},"points":42}""", T0));

        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT state -> 'member' ->> 'name', (state ->> 'points')::int, pg_typeof(state)::text FROM grain_state WHERE grain_type = $1 AND grain_key = $2", connection)
        {
            Parameters = { new() { Value = grain.Type }, new() { Value = grain.Key } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("Zoë", 42, "jsonb"), (reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
    }

    [PostgresFact]
    public async Task MigrationsAreRecordedOnce()
    {
        await ((IStorageInitializer)Storage).InitializeAsync();

        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version, name, applied_at FROM schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((1, "initial"), (reader.GetInt32(0), reader.GetString(1)));
        Assert.Equal(TimeSpan.Zero, reader.GetFieldValue<DateTimeOffset>(2).Offset);
        Assert.True(await reader.ReadAsync());
        Assert.Equal((2, "append_only_journal"), (reader.GetInt32(0), reader.GetString(1)));
        Assert.True(await reader.ReadAsync());
        Assert.Equal((3, "log_entries"), (reader.GetInt32(0), reader.GetString(1)));
        // Later scripts (cluster tables 0004, streams 0010, …) follow, each recorded once, in version order.
        var later = new List<int>();
        while (await reader.ReadAsync()) later.Add(reader.GetInt32(0));
        Assert.Equal(later.Order().Distinct(), later);
        Assert.All(later, version => Assert.True(version > 3));
        Assert.Contains(4, later);
        Assert.Contains(10, later);
    }

    [PostgresTheory]
    [InlineData("UPDATE grain_journal SET payload = '{}'")]
    [InlineData("DELETE FROM grain_journal")]
    [InlineData("TRUNCATE grain_journal")]
    public async Task JournalRefusesEditsAndDeletes(string statement)
    {
        var grain = NewGrain();
        await Storage.WriteAsync(new GrainWrite(grain, 0, "{}", T0) { Journal = [new JournalAppend("entry", null, """{"amount":1}""")] });

        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(statement, connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", refused.MessageText);
        Assert.Single(await Storage.ReadJournalAsync(grain, new JournalQuery(10)));
    }

    [PostgresTheory]
    [InlineData("UPDATE log_entries SET payload = '{}'")]
    [InlineData("DELETE FROM log_entries")]
    [InlineData("TRUNCATE log_entries")]
    public async Task LogEntriesRefuseEditsAndDeletes(string statement)
    {
        await Storage.WriteAsync(new GrainWrite(NewGrain(), 0, "{}", T0) { Logs = [new LogAppend("audit", """{"action":"x"}""")] });

        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(statement, connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", refused.MessageText);
        Assert.Single(await Storage.ReadLogAsync("audit", new LogQuery(10)));
    }

    [PostgresFact]
    public async Task LargeStateIsCompressedWithLz4()
    {
        var grain = NewGrain();
        var lots = string.Join(",", Enumerable.Range(0, 100).Select(i => $$"""{"lotId":"lot-{{i}}","remaining":{{i}}}"""));
        await Storage.WriteAsync(new GrainWrite(grain, 0, $$"""{"lots":[{{lots}}]}""", T0));

        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pg_column_compression(state) FROM grain_state WHERE grain_type = $1 AND grain_key = $2", connection)
        {
            Parameters = { new() { Value = grain.Type }, new() { Value = grain.Key } },
        };

        Assert.Equal("lz4", await command.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task TheProjectionPoolPreparesWhatItRepeatsAndKeepsItAcrossReuse()
    {
        const string Sql = "SELECT count(*) FROM grain_state WHERE grain_type = @type";
        await using var projections = new PostgresProjectionDatabase(new PostgresStorageOptions { ConnectionString = Location });
        for (var i = 0; i < 6; i++)
        {
            await using var used = await projections.OpenAsync();
            await using var query = ProjectionSql.Command(used, null, Sql, ("type", "card"));
            await query.ExecuteScalarAsync();
        }

        await using var connection = await projections.OpenAsync();
        await using var prepared = ProjectionSql.Command(connection, null,
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM grain_state WHERE grain_type = $1%'");

        Assert.Equal(1L, await prepared.ExecuteScalarAsync());
    }

    // Unpooled, so no idle connection of the test outlives its database.
    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Location) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
