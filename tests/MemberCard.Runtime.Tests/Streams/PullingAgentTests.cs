using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using MemberCard.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemberCard.Runtime.Tests.Streams;

public sealed class PullingAgentTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly InMemoryGrainStorage _storage;
    private readonly InMemoryStreamQueueStore _store;
    private readonly StreamOptions _options = new() { QueueCount = 1, BatchSize = 4, MaxAttempts = 3, RetryDelay = TimeSpan.Zero };

    public PullingAgentTests()
    {
        _storage = new InMemoryGrainStorage(_clock);
        _store = new InMemoryStreamQueueStore(_storage, _clock);
    }

    [Fact]
    public async Task DeliversEveryEventOnceInStreamOrderAndCommitsTheCheckpoint()
    {
        await WriteEventsAsync("card", 5, 3);
        var consumer = new RecordingConsumer("reports", "card");
        var agent = Agent("silo-a", consumer);

        Assert.True(await agent.TryAcquireAsync());
        while (await agent.PumpAsync() > 0) { }

        Assert.Equal(15, consumer.Applied.Count);
        Assert.Equal(15, consumer.Deliveries);
        foreach (var stream in consumer.Applied.GroupBy(e => e.Stream))
            Assert.Equal(stream.Select(e => e.Sequence).Order(), stream.Select(e => e.Sequence));
        var row = await _store.ReadQueueAsync(0);
        Assert.Equal(15, row.Checkpoint.Id);
        Assert.Equal(0, await _store.CountAfterAsync(0, 1, row.Checkpoint));
    }

    [Fact]
    public async Task AnIdleQueueCheckpointsPastOtherQueuesRows()
    {
        var options = new StreamOptions { QueueCount = 2, BatchSize = 2, MaxAttempts = 3, RetryDelay = TimeSpan.Zero };
        var busy = Enumerable.Range(0, 100).Select(i => new GrainId("card", $"card-{i}"))
            .Where(g => StreamQueues.QueueOf(g.Type, g.Key, 2) == 1).Take(5).ToList();
        foreach (var g in busy) await WriteAsync(g, 2);
        var idleConsumer = new RecordingConsumer("reports", "card");
        var idle = new PullingAgent(0, _store, [idleConsumer], options, "silo-a", _ => true, _clock, NullLogger.Instance);

        Assert.True(await idle.TryAcquireAsync());
        // Ten rows, four looked at per read: the checkpoint reaches the last row after three reads, none delivered.
        for (var i = 0; i < 3; i++) await idle.PumpAsync();

        Assert.Empty(idleConsumer.Applied);
        Assert.Equal(10, (await _store.ReadQueueAsync(0)).Checkpoint.Id);
        Assert.Equal(0, await _store.CountAfterAsync(0, 2, (await _store.ReadQueueAsync(0)).Checkpoint));

        var busyConsumer = new RecordingConsumer("reports", "card");
        var agent = new PullingAgent(1, _store, [busyConsumer], options, "silo-a", _ => true, _clock, NullLogger.Instance);
        Assert.True(await agent.TryAcquireAsync());
        for (var i = 0; i < 5; i++) await agent.PumpAsync();
        Assert.Equal(10, busyConsumer.Applied.Count);
    }

    [Fact]
    public async Task ConsumerSeesOnlyItsNamespaces()
    {
        await WriteEventsAsync("card", 2, 1);
        await WriteEventsAsync("member", 3, 1);
        var cards = new RecordingConsumer("cards", "card");
        var members = new RecordingConsumer("members", "member");
        var agent = Agent("silo-a", cards, members);

        await agent.TryAcquireAsync();
        await agent.PumpAsync();
        await agent.PumpAsync();

        Assert.All(cards.Applied, e => Assert.Equal("card", e.Namespace));
        Assert.All(members.Applied, e => Assert.Equal("member", e.Namespace));
        Assert.Equal((2, 3), (cards.Applied.Count, members.Applied.Count));
    }

    [Fact]
    public async Task CrashBeforeCheckpointRedeliversAndConsumerAppliesOnce()
    {
        await WriteEventsAsync("card", 3, 2);
        var consumer = new RecordingConsumer("reports", "card");
        var failing = new FailingCommitStore(_store);
        var first = new PullingAgent(0, failing, [consumer], _options, "silo-a:1:1", _ => false, _clock, NullLogger.Instance);
        Assert.True(await first.TryAcquireAsync());

        await Assert.ThrowsAsync<IOException>(() => first.PumpAsync());

        // The silo is gone (no release): the next owner finds the lease of a silo no longer in the view and takes over.
        var second = new PullingAgent(0, _store, [consumer], _options, "silo-b:1:1", _ => false, _clock, NullLogger.Instance);
        Assert.True(await second.TryAcquireAsync());
        while (await second.PumpAsync() > 0) { }

        Assert.Equal(6, consumer.Applied.Count);
        Assert.Equal(6 + 4, consumer.Deliveries); // the first batch of 4 twice
    }

    [Fact]
    public async Task LiveOwnerKeepsTheQueueUntilItsLeaseRunsOut()
    {
        await WriteEventsAsync("card", 1, 1);
        var a = Agent("silo-a");
        var b = new PullingAgent(0, _store, [new RecordingConsumer("r", "card")], _options, "silo-b", _ => true, _clock, NullLogger.Instance);

        Assert.True(await a.TryAcquireAsync());
        Assert.False(await b.TryAcquireAsync());

        _clock.Advance(_options.LeaseDuration + TimeSpan.FromSeconds(1));
        Assert.True(await b.TryAcquireAsync());

        // a still believes it owns the queue; its checkpoint commit is refused and it stops.
        await a.PumpAsync();
        Assert.Null(a.Lease);
        Assert.NotNull(b.Lease);
    }

    [Fact]
    public async Task PoisonEventIsDeadLetteredAndLaterEventsOfItsStreamWaitWhileOtherStreamsFlow()
    {
        var bad = new GrainId("card", "bad");
        var good = new GrainId("card", "good");
        await WriteAsync(bad, 3);
        await WriteAsync(good, 2);
        var consumer = new RecordingConsumer("reports", "card") { Poison = e => e.Key == "bad" && e.Sequence.Version == 1 };
        var agent = Agent("silo-a", consumer);
        await agent.TryAcquireAsync();
        while (await agent.PumpAsync() > 0) { }

        Assert.Equal(["good", "good"], consumer.Applied.Select(e => e.Key));
        var letters = await _store.ReadDeadLettersAsync(0, 10);
        Assert.Equal([1L, 2L, 3L], letters.Select(l => l.Event.Sequence.Version));
        Assert.Equal(3, letters[0].Attempts);
        Assert.Equal(0, letters[1].Attempts);

        // A new event of the parked stream waits too, even after the agent restarted.
        await WriteAsync(bad, 1, startVersion: 4);
        var restarted = Agent("silo-a", consumer);
        await restarted.TryAcquireAsync();
        while (await restarted.PumpAsync() > 0) { }
        Assert.Equal(4, (await _store.ReadDeadLettersAsync(0, 10)).Count);

        consumer.Poison = _ => false;
        Assert.True(await _store.RequestReplayAsync(letters[1].Id));
        await restarted.PumpAsync();

        Assert.Empty(await _store.ReadDeadLettersAsync(0, 10));
        Assert.Equal([1L, 2L, 3L, 4L], consumer.Applied.Where(e => e.Key == "bad").Select(e => e.Sequence.Version));

        await WriteAsync(bad, 1, startVersion: 5);
        await restarted.PumpAsync();
        Assert.Equal(5, consumer.Applied.Count(e => e.Key == "bad"));
    }

    [Fact]
    public async Task FailedReplayKeepsTheDeadLettersAndCountsTheAttempt()
    {
        var bad = new GrainId("card", "bad");
        await WriteAsync(bad, 1);
        var consumer = new RecordingConsumer("reports", "card") { Poison = _ => true };
        var agent = Agent("silo-a", consumer);
        await agent.TryAcquireAsync();
        await agent.PumpAsync();
        var letter = Assert.Single(await _store.ReadDeadLettersAsync(0, 10));

        await _store.RequestReplayAsync(letter.Id);
        await agent.PumpAsync();

        var after = Assert.Single(await _store.ReadDeadLettersAsync(0, 10));
        Assert.Equal((4, false), (after.Attempts, after.ReplayRequested));
    }

    private PullingAgent Agent(string owner, params IStreamConsumer[] consumers) =>
        new(0, _store, consumers, _options, owner, _ => true, _clock, NullLogger.Instance);

    private async Task WriteEventsAsync(string type, int grains, int eventsEach)
    {
        for (var round = 0; round < eventsEach; round++)
            for (var g = 0; g < grains; g++)
                await WriteAsync(new GrainId(type, $"{type}-{g}"), 1, startVersion: round + 1);
    }

    private async Task WriteAsync(GrainId grain, int writes, int startVersion = 1)
    {
        for (var v = startVersion; v < startVersion + writes; v++)
        {
            await _storage.WriteAsync(new GrainWrite(grain, v - 1, "{}", _clock.GetUtcNow())
            {
                Events = [new OutboxAppend("test.event", $$"""{"v":{{v}}}""")],
            });
        }
    }

    /// <summary>A store whose checkpoint commit fails once, as a crash between delivery and checkpoint would.</summary>
    private sealed class FailingCommitStore(IStreamQueueStore inner) : IStreamQueueStore
    {
        private int _failures = 1;

        public Task<StreamRead> ReadAsync(int queue, int queueCount, StreamPosition after, int limit, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(queue, queueCount, after, limit, cancellationToken);

        public Task<long> CountAfterAsync(int queue, int queueCount, StreamPosition after, CancellationToken cancellationToken = default) =>
            inner.CountAfterAsync(queue, queueCount, after, cancellationToken);

        public Task<QueueRow> ReadQueueAsync(int queue, CancellationToken cancellationToken = default) => inner.ReadQueueAsync(queue, cancellationToken);

        public Task<QueueRow?> TryAcquireAsync(int queue, long expectedEpoch, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
            inner.TryAcquireAsync(queue, expectedEpoch, owner, leaseUntil, cancellationToken);

        public Task<bool> CommitAsync(int queue, string owner, long epoch, StreamPosition checkpoint, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
            Interlocked.Decrement(ref _failures) >= 0 ? throw new IOException("database gone") : inner.CommitAsync(queue, owner, epoch, checkpoint, leaseUntil, cancellationToken);

        public Task ReleaseAsync(int queue, string owner, long epoch, CancellationToken cancellationToken = default) => inner.ReleaseAsync(queue, owner, epoch, cancellationToken);

        public Task AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken = default) => inner.AddDeadLetterAsync(letter, cancellationToken);

        public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(long afterId, int limit, int? queue = null, bool replayRequestedOnly = false, CancellationToken cancellationToken = default) =>
            inner.ReadDeadLettersAsync(afterId, limit, queue, replayRequestedOnly, cancellationToken);

        public Task<bool> RequestReplayAsync(long id, CancellationToken cancellationToken = default) => inner.RequestReplayAsync(id, cancellationToken);

        public Task DeleteDeadLetterAsync(long id, CancellationToken cancellationToken = default) => inner.DeleteDeadLetterAsync(id, cancellationToken);

        public Task RecordReplayFailureAsync(long id, string error, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            inner.RecordReplayFailureAsync(id, error, at, cancellationToken);
    }
}
