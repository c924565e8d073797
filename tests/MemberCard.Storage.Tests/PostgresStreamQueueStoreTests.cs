using MemberCard.Runtime.Streams;
using MemberCard.Testing;
using Npgsql;

namespace MemberCard.Storage.Tests;

[RequiresPostgres]
public sealed class PostgresStreamQueueStoreTests : StreamQueueStoreContractTests
{
    protected override TestProvider Provider => TestProvider.Postgres;

    protected override Task SettleAsync() => TestPostgres.WaitForStreamHorizonAsync(Location);

    [PostgresFact]
    public async Task ARowThatCommitsLateWithALowerIdIsNotSkipped()
    {
        await using var early = new NpgsqlConnection(Location);
        await early.OpenAsync();
        await using var slow = await early.BeginTransactionAsync();
        var slowId = await InsertOutboxAsync(early, slow, "slow");

        // A later transaction takes a higher id and commits first.
        await using (var fast = new NpgsqlConnection(Location))
        {
            await fast.OpenAsync();
            await using var tx = await fast.BeginTransactionAsync();
            var fastId = await InsertOutboxAsync(fast, tx, "fast");
            Assert.True(fastId > slowId);
            await tx.CommitAsync();
        }

        // While the slow transaction runs, the reader must not hand out the fast row: checkpointing past it would
        // skip the slow row for good.
        Assert.Empty((await Store.ReadAsync(0, 1, StreamPosition.Start, 10)).Events);
        Assert.Equal(2 - 1, await Store.CountAfterAsync(0, 1, StreamPosition.Start));

        await slow.CommitAsync();
        await SettleAsync();

        var events = (await Store.ReadAsync(0, 1, StreamPosition.Start, 10)).Events;
        Assert.Equal(["slow", "fast"], events.Select(e => e.Key));
        Assert.Empty((await Store.ReadAsync(0, 1, events[^1].Position, 10)).Events);
    }

    [PostgresFact]
    public async Task ARowThatCommitsLateIsReadAfterTheCheckpointOfEarlierCommits()
    {
        await Storage.WriteAsync(Write(new Runtime.GrainId("card", "first"), 1));
        await SettleAsync();
        await using var early = new NpgsqlConnection(Location);
        await early.OpenAsync();
        await using var slow = await early.BeginTransactionAsync();
        await InsertOutboxAsync(early, slow, "slow");
        await Storage.WriteAsync(Write(new Runtime.GrainId("card", "fast"), 1));

        var before = (await Store.ReadAsync(0, 1, StreamPosition.Start, 10)).Events;
        Assert.Equal(["first", "first"], before.Select(e => e.Key));
        await slow.CommitAsync();
        await SettleAsync();

        var after = (await Store.ReadAsync(0, 1, before[^1].Position, 10)).Events;
        Assert.Equal(["slow", "fast", "fast"], after.Select(e => e.Key));
    }

    [PostgresFact]
    public async Task TheReaderWalksTheCommitOrderIndexInsteadOfSortingTheOutbox()
    {
        // A reader that sorts instead of walking the index reads the whole outbox on every batch (this was the
        // case once: "ORDER BY xid" named the bigint output column, and a Sort sat under the Limit). Sequential and bitmap scans are switched off so a tiny
        // table still shows which path the planner has.
        await using var connection = new NpgsqlConnection(Location);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off; SET enable_bitmapscan = off", connection)) await off.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + SqlStreamQueueStore.PostgresRead, connection)
        {
            Parameters = { new("order", (object)0L), new("id", (object)0L), new("count", (object)8L), new("queue", (object)3L), new("limit", (object)256), new("scan", (object)2048L) },
        };
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        }

        // The rows looked at come straight off the index, in its order; later sorts only order those few rows.
        var cte = plan.FindIndex(line => line.Contains("CTE scanned", StringComparison.Ordinal));
        Assert.True(cte >= 0 && plan[cte + 1].Contains("Limit", StringComparison.Ordinal)
            && plan[cte + 2].Contains("Index Scan using outbox_commit_order", StringComparison.Ordinal), string.Join("\n", plan));
    }

    private static async Task<long> InsertOutboxAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO outbox (grain_type, grain_key, version, idx, kind, payload, created_at, stream_hash)
            VALUES ('card', $1, 1, 0, 'test', '{}', now(), 0) RETURNING id
            """, connection, transaction)
        {
            Parameters = { new() { Value = key } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
