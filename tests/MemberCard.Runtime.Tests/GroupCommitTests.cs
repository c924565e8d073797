using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Runtime.Tests;

public sealed class GroupCommitTests
{
    private readonly GatedStorage _storage = new(new InMemoryGrainStorage(TimeProvider.System));

    private Task<TestSilo> StartAsync(bool groupCommit = true) => TestSilo.StartAsync(
        s =>
        {
            s.AddGrain<ICounterGrain, CounterGrain>();
            s.AddSingleton(new ActivationLog());
            s.AddSingleton<IGrainStorage>(_storage);
        },
        o => o.GroupCommit = new GroupCommitOptions { Enabled = groupCommit, MaxGroupSize = 64, MaxConcurrentGroups = 1 });

    [Fact]
    public async Task WritesThatArriveDuringACommitAreCommittedTogetherAndAnsweredOnlyAfterwards()
    {
        await using var silo = await StartAsync();
        _storage.Close();

        var calls = Enumerable.Range(0, 200).Select(i => silo.Grains.GetGrain<ICounterGrain>($"c{i}").AddAsync(i + 1)).ToList();
        await _storage.WaitForBlockedWriteAsync();
        await Task.Delay(50);
        Assert.All(calls, c => Assert.False(c.IsCompleted));

        _storage.Open();
        var results = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), results);
        Assert.Equal(200, _storage.WritesCommitted);
        Assert.Equal(64, _storage.LargestGroup);
        for (var i = 0; i < 200; i++)
            Assert.Contains($"\"value\":{i + 1}", (await _storage.ReadStateAsync(new GrainId("counter", $"c{i}")))!.Json);
    }

    [Fact]
    public async Task RefusedWriteInAGroupFailsOnlyItsOwnCall()
    {
        await using var silo = await StartAsync();
        await silo.Grains.GetGrain<ICounterGrain>("holder").AddWithClaimAsync(1, "shared");
        _storage.Close();

        // The first write goes alone and waits at the gate; the rest, the taker among them, queue into one group.
        var others = Enumerable.Range(0, 10).Select(i => silo.Grains.GetGrain<ICounterGrain>($"o{i}").AddAsync(1)).ToList();
        await _storage.WaitForBlockedWriteAsync();
        var taker = silo.Grains.GetGrain<ICounterGrain>("taker").AddWithClaimAsync(1, "shared");
        await Task.Delay(50);
        _storage.Open();

        await Assert.ThrowsAsync<ClaimConflictException>(() => taker);
        Assert.All(await Task.WhenAll(others), v => Assert.Equal(1, v));
        Assert.True(_storage.LargestGroup > 1);
    }

    [Fact]
    public async Task WithGroupCommitOffEveryWriteIsItsOwnTransaction()
    {
        await using var silo = await StartAsync(groupCommit: false);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => silo.Grains.GetGrain<ICounterGrain>($"c{i}").AddAsync(1)));

        Assert.Equal(1, _storage.LargestGroup);
        Assert.Equal(50, _storage.WritesCommitted);
    }

    /// <summary>Storage whose writes can be held at a gate, recording the size of every group.</summary>
    private sealed class GatedStorage(IGrainStorage inner) : IGrainStorage
    {
        private readonly TaskCompletionSource _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _gate = CreateOpenGate();
        private int _writes;
        private int _largest;

        public int WritesCommitted => Volatile.Read(ref _writes);

        public int LargestGroup => Volatile.Read(ref _largest);

        public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _gate.TrySetResult();

        public Task WaitForBlockedWriteAsync() => _blocked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        public async Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default)
        {
            await PassGateAsync(1);
            var version = await inner.WriteAsync(write, cancellationToken);
            Interlocked.Increment(ref _writes);
            return version;
        }

        public async Task<IReadOnlyList<WriteOutcome>> WriteGroupAsync(IReadOnlyList<GrainWrite> writes, CancellationToken cancellationToken = default)
        {
            await PassGateAsync(writes.Count);
            var outcomes = await inner.WriteGroupAsync(writes, cancellationToken);
            Interlocked.Add(ref _writes, outcomes.Count(o => o.Error is null));
            return outcomes;
        }

        public Task<StoredState?> ReadStateAsync(GrainId grain, CancellationToken cancellationToken = default) => inner.ReadStateAsync(grain, cancellationToken);

        public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(GrainId grain, JournalQuery query, CancellationToken cancellationToken = default) => inner.ReadJournalAsync(grain, query, cancellationToken);

        public Task<IReadOnlyList<LogEntry>> ReadLogAsync(string log, LogQuery query, CancellationToken cancellationToken = default) => inner.ReadLogAsync(log, query, cancellationToken);

        public Task<StoredClaim?> ReadClaimAsync(ClaimKey key, CancellationToken cancellationToken = default) => inner.ReadClaimAsync(key, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        private async Task PassGateAsync(int groupSize)
        {
            int seen;
            do seen = _largest;
            while (groupSize > seen && Interlocked.CompareExchange(ref _largest, groupSize, seen) != seen);
            if (!_gate.Task.IsCompleted) _blocked.TrySetResult();
            await _gate.Task;
        }

        private static TaskCompletionSource CreateOpenGate()
        {
            var gate = new TaskCompletionSource();
            gate.SetResult();
            return gate;
        }
    }
}
