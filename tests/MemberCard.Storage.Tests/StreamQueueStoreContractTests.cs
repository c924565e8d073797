using MemberCard.Runtime;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using MemberCard.Testing;

namespace MemberCard.Storage.Tests;

/// <summary>The SQL stream queue store over each provider's outbox: queue reading, lease compare-and-swap, dead letters.</summary>
public abstract class StreamQueueStoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private TestProjectionStore? _store;

    protected abstract TestProvider Provider { get; }

    protected IGrainStorage Storage => _store!.Storage;

    protected IProjectionDatabase Database => _store!.Database;

    protected SqlStreamQueueStore Store { get; private set; } = null!;

    protected string Location => _store!.Location;

    /// <summary>Waits until rows committed so far are below the reader's horizon (PostgreSQL); nothing to wait for on SQLite.</summary>
    protected virtual Task SettleAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _store = await TestProjectionStore.CreateAsync(Provider);
        Store = new SqlStreamQueueStore(Database);
    }

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    [StorageFact]
    public async Task EveryEventLandsInItsStreamsQueueInStreamOrder()
    {
        var grains = Enumerable.Range(0, 12).Select(i => new GrainId("card", $"c{i}")).ToList();
        for (var v = 1; v <= 3; v++)
        {
            // Both the single-write path and the group-commit path must tag rows with their stream hash.
            if (v == 2) await Storage.WriteGroupAsync([.. grains.Select(g => Write(g, v))]);
            else foreach (var g in grains) await Storage.WriteAsync(Write(g, v));
        }
        await SettleAsync();

        var all = new List<StreamEvent>();
        for (var q = 0; q < 4; q++)
        {
            var events = (await Store.ReadAsync(q, 4, StreamPosition.Start, 1000)).Events;
            Assert.All(events, e => Assert.Equal(q, StreamQueues.QueueOf(e.Namespace, e.Key, 4)));
            Assert.Equal(events.Select(e => e.Position).Order(), events.Select(e => e.Position));
            Assert.Equal(events.Count, await Store.CountAfterAsync(q, 4, StreamPosition.Start));
            all.AddRange(events);
        }

        Assert.Equal(12 * 3 * 2, all.Count);
        foreach (var stream in all.GroupBy(e => e.Stream))
            Assert.Equal(stream.Select(e => e.Sequence).Order(), stream.Select(e => e.Sequence));
        var first = all.First(e => e.Key == "c0" && e.Sequence == new StreamSequence(1, 1));
        Assert.Equal(("test.second", """{"v":1}""", T0), (first.Kind, first.Json.Replace(" ", ""), first.CreatedAt));
    }

    [StorageFact]
    public async Task ReadingAfterACheckpointReturnsOnlyLaterEvents()
    {
        var grain = new GrainId("member", "m1");
        await Storage.WriteAsync(Write(grain, 1));
        await SettleAsync();
        var firstBatch = (await Store.ReadAsync(0, 1, StreamPosition.Start, 1)).Events;
        Assert.Single(firstBatch);
        await Storage.WriteAsync(Write(grain, 2));
        await SettleAsync();

        var rest = (await Store.ReadAsync(0, 1, firstBatch[0].Position, 100)).Events;

        Assert.Equal([new StreamSequence(1, 1), new StreamSequence(2, 0), new StreamSequence(2, 1)], rest.Select(e => e.Sequence));
        Assert.Equal(3, await Store.CountAfterAsync(0, 1, firstBatch[0].Position));
    }

    [StorageFact]
    public async Task AReadSkipsOtherQueuesRowsAndSaysHowFarItLooked()
    {
        // Six writes of two events each, all of grains in queue 1 of 4: twelve rows queue 0 has nothing in.
        var busy = Enumerable.Range(0, 200).Select(i => new GrainId("card", $"c{i}"))
            .Where(g => StreamQueues.QueueOf(g.Type, g.Key, 4) == 1).Take(6).ToList();
        foreach (var g in busy) await Storage.WriteAsync(Write(g, 1));
        await SettleAsync();
        var all = (await Store.ReadAsync(1, 4, StreamPosition.Start, 100)).Events;
        Assert.Equal(12, all.Count);

        // Queue 0 may look at limit × queue count = 8 rows: none is its own, and it may checkpoint past all eight.
        var first = await Store.ReadAsync(0, 4, StreamPosition.Start, 2);
        Assert.Equal((0, all[7].Position, true), (first.Events.Count, first.ScannedTo, first.More));
        var second = await Store.ReadAsync(0, 4, first.ScannedTo, 2);
        Assert.Equal((0, all[11].Position, false), (second.Events.Count, second.ScannedTo, second.More));
        var idle = await Store.ReadAsync(0, 4, second.ScannedTo, 2);
        Assert.Equal((0, second.ScannedTo, false), (idle.Events.Count, idle.ScannedTo, idle.More));

        // A full batch stops at its last event: rows after it were not all handed out.
        var full = await Store.ReadAsync(1, 4, StreamPosition.Start, 5);
        Assert.Equal((5, all[4].Position, true), (full.Events.Count, full.ScannedTo, full.More));
        var rest = await Store.ReadAsync(1, 4, full.ScannedTo, 100);
        Assert.Equal(all.Skip(5).Select(e => e.Position), rest.Events.Select(e => e.Position));
        Assert.Equal((all[11].Position, false), (rest.ScannedTo, rest.More));
    }

    [StorageFact]
    public async Task QueueOwnershipIsACompareAndSwapOnTheEpoch()
    {
        var row = await Store.ReadQueueAsync(3);
        Assert.Equal((null, 0L, StreamPosition.Start), (row.Owner, row.Epoch, row.Checkpoint));

        var a = await Store.TryAcquireAsync(3, row.Epoch, "silo-a", T0.AddSeconds(30));
        Assert.NotNull(a);
        Assert.Null(await Store.TryAcquireAsync(3, row.Epoch, "silo-b", T0.AddSeconds(30)));
        Assert.True(await Store.CommitAsync(3, "silo-a", a.Epoch, new StreamPosition(5, 7), T0.AddSeconds(60)));

        var b = await Store.TryAcquireAsync(3, a.Epoch, "silo-b", T0.AddSeconds(90));
        Assert.NotNull(b);
        Assert.Equal(("silo-b", new StreamPosition(5, 7), T0.AddSeconds(90)), (b.Owner, b.Checkpoint, b.LeaseUntil));
        Assert.False(await Store.CommitAsync(3, "silo-a", a.Epoch, new StreamPosition(9, 9), T0.AddSeconds(60)));
        await Store.ReleaseAsync(3, "silo-a", a.Epoch);
        Assert.Equal("silo-b", (await Store.ReadQueueAsync(3)).Owner);

        await Store.ReleaseAsync(3, "silo-b", b.Epoch);
        var released = await Store.ReadQueueAsync(3);
        Assert.Equal((null, null, new StreamPosition(5, 7)), (released.Owner, released.LeaseUntil, released.Checkpoint));
    }

    [StorageFact]
    public async Task DeadLettersAreUniquePerConsumerAndEventAndReplayCoversTheirStream()
    {
        var grain = new GrainId("card", "c1");
        await Storage.WriteAsync(Write(grain, 1));
        await SettleAsync();
        var events = (await Store.ReadAsync(0, 1, StreamPosition.Start, 10)).Events;
        foreach (var e in events)
        {
            await Store.AddDeadLetterAsync(new DeadLetter(0, "reports", 0, e, 5, "boom", T0, false));
            await Store.AddDeadLetterAsync(new DeadLetter(0, "reports", 0, e, 5, "boom again", T0, false));
        }
        await Store.AddDeadLetterAsync(new DeadLetter(0, "notifications", 0, events[0], 1, "x", T0, false));

        var letters = await Store.ReadDeadLettersAsync(0, 10);
        Assert.Equal(3, letters.Count);
        Assert.Equal(events[0], letters[0].Event);
        Assert.Equal(("reports", 5, "boom", T0), (letters[0].Consumer, letters[0].Attempts, letters[0].Error, letters[0].FailedAt));
        Assert.Empty(await Store.ReadDeadLettersAsync(0, 10, queue: 1));

        Assert.True(await Store.RequestReplayAsync(letters[0].Id));
        Assert.False(await Store.RequestReplayAsync(999_999));
        var requested = await Store.ReadDeadLettersAsync(0, 10, replayRequestedOnly: true);
        Assert.Equal(["reports", "reports"], requested.Select(l => l.Consumer));

        await Store.RecordReplayFailureAsync(letters[0].Id, "still broken", T0.AddMinutes(1));
        await Store.DeleteDeadLetterAsync(letters[1].Id);
        var left = await Store.ReadDeadLettersAsync(0, 10);
        Assert.Equal(2, left.Count);
        Assert.Equal((6, "still broken", false), (left[0].Attempts, left[0].Error, left[0].ReplayRequested));
    }

    protected static GrainWrite Write(GrainId grain, long version) =>
        new(grain, version - 1, "{}", T0)
        {
            Events = [new OutboxAppend("test.first", $$"""{"v":{{version - 1}}}"""), new OutboxAppend("test.second", $$"""{"v":{{version}}}""")],
        };
}
