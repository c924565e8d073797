using MemberCard.Runtime.Streams;
using MemberCard.Storage.Orleans.Tests.State;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Storage.Orleans.Tests.Streams;

/// <summary>
/// The outbox as an Orleans persistent stream, once per storage provider: what grains commit reaches the implicitly
/// subscribed consumer grain, in each source's commit order; an event a consumer keeps failing is dead-lettered under
/// its grain type and holds back its source's later events until a replay succeeds, while the other sources and the
/// queue's checkpoint move on.
/// </summary>
public abstract class OutboxStreamTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : StateClusterFixture
{
    private readonly TFixture _fixture = fixture;

    private ITallyGrain Tally(string key) => _fixture.Grains.GetGrain<ITallyGrain>(key);

    [StorageFact]
    public async Task EveryCommittedEventReachesTheConsumerInItsSourcesCommitOrder()
    {
        var keys = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid().ToString("N")).ToList();

        await Task.WhenAll(keys.Select(async k =>
        {
            for (var i = 1; i <= 8; i++) await Tally(k).AddAsync(i);
        }));

        await Eventually.HoldsAsync(() => keys.All(k => TallyEventsConsumer.Seen.GetValueOrDefault(k)?.Count == 8));
        foreach (var key in keys)
        {
            var seen = TallyEventsConsumer.Seen[key].ToList();
            Assert.Equal(Enumerable.Range(1, 8).Select(v => (long)v), seen.Select(e => e.Version));
            Assert.All(seen, e => Assert.Equal(("tally", "tally.added", e.Version.ToString()), (e.Namespace, e.Kind, e.Json)));
        }
    }

    [StorageFact]
    public async Task APoisonEventIsDeadLetteredUnderItsConsumerAndLaterEventsStillFlow()
    {
        var (poison, healthy) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        TallyEventsConsumer.Poisoned[poison] = true;

        await Tally(poison).AddAsync(1);
        await Eventually.HoldsAsync(async () => (await DeadLettersAsync()).Any(d => d.Event.Key == poison));
        await Tally(healthy).AddAsync(1);

        await Eventually.HoldsAsync(() => TallyEventsConsumer.Seen.GetValueOrDefault(healthy)?.Count == 1);
        var letter = (await DeadLettersAsync()).Single(d => d.Event.Key == poison);
        Assert.Equal((TallyEventsConsumer.GrainTypeName, "tally.added", 1L), (letter.Consumer, letter.Event.Kind, letter.Event.Sequence.Version));
        Assert.False(TallyEventsConsumer.Seen.ContainsKey(poison));
    }

    [StorageFact]
    public async Task APoisonedSourceIsHeldBackUntilAReplaySucceedsAndTheQueueMovesOnMeanwhile()
    {
        var poison = Guid.NewGuid().ToString("N");
        TallyEventsConsumer.Poisoned[poison] = true;
        await Tally(poison).AddAsync(1);
        await Eventually.HoldsAsync(async () => (await DeadLettersAsync()).Any(d => d.Event.Key == poison));
        await Tally(poison).AddAsync(2);
        await Eventually.HoldsAsync(async () => (await DeadLettersAsync()).Count(d => d.Event.Key == poison) == 2);

        var letters = (await DeadLettersAsync()).Where(d => d.Event.Key == poison).OrderBy(d => d.Id).ToList();
        Assert.Equal([(1L, 3), (2L, 0)], letters.Select(l => (l.Event.Sequence.Version, l.Attempts)));
        Assert.Contains("waiting behind", letters[1].Error, StringComparison.Ordinal);
        var store = Store();
        var queue = letters[0].Queue;
        await Eventually.HoldsAsync(async () =>
            await store.CountAfterAsync(queue, StateClusterFixture.QueueCount, (await store.ReadQueueAsync(queue)).Checkpoint) == 0);

        TallyEventsConsumer.Poisoned.TryRemove(poison, out _);
        Assert.True(await store.RequestReplayAsync(letters[0].Id));
        await Eventually.HoldsAsync(async () => !(await DeadLettersAsync()).Any(d => d.Event.Key == poison));
        Assert.Equal([1L, 2L], TallyEventsConsumer.Seen[poison].Select(e => e.Version));
        await Tally(poison).AddAsync(3);
        await Eventually.HoldsAsync(() => TallyEventsConsumer.Seen[poison].Count == 3);
    }

    private IStreamQueueStore Store() => _fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IStreamQueueStore>();

    private Task<IReadOnlyList<DeadLetter>> DeadLettersAsync() =>
        _fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IStreamQueueStore>().ReadDeadLettersAsync(0, 1000);
}

public sealed class InMemoryOutboxStreamTests(InMemoryStateClusterFixture fixture) : OutboxStreamTests<InMemoryStateClusterFixture>(fixture);

public sealed class SqliteOutboxStreamTests(SqliteStateClusterFixture fixture) : OutboxStreamTests<SqliteStateClusterFixture>(fixture);

[RequiresPostgres]
public sealed class PostgresOutboxStreamTests(PostgresStateClusterFixture fixture) : OutboxStreamTests<PostgresStateClusterFixture>(fixture);
