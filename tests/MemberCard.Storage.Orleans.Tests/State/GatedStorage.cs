using MemberCard.Runtime.Storage;
using GrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Storage.Orleans.Tests.State;

/// <summary>Storage whose writes can be held at a gate, recording the size of every group.</summary>
public sealed class GatedStorage(IGrainStorage inner) : IGrainStorage
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
