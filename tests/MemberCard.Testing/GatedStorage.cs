using MemberCard.Runtime;
using MemberCard.Runtime.Storage;

namespace MemberCard.Testing;

/// <summary>
/// Storage that hands everything to another one, except that the test can hold writes at a gate (<see cref="Close"/>,
/// as a slow commit), make them fail (<see cref="Failing"/>, as a database that is down), and read how many writes
/// committed and the largest group that arrived.
/// </summary>
public sealed class GatedStorage(IGrainStorage inner) : IGrainStorage
{
    private TaskCompletionSource _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _gate = OpenGate();
    private GrainId? _heldGrain;
    private int _writes;
    private int _largest;

    /// <summary>Whether writes fail (with <see cref="InvalidOperationException"/>, nothing committed).</summary>
    public bool Failing { get; set; }

    /// <summary>Writes committed so far.</summary>
    public int WritesCommitted => Volatile.Read(ref _writes);

    /// <summary>The most writes that arrived in one group.</summary>
    public int LargestGroup => Volatile.Read(ref _largest);

    /// <summary>Holds the next writes (only those that include <paramref name="grain"/>'s, when given) until <see cref="Open"/>.</summary>
    public void Close(GrainId? grain = null)
    {
        _heldGrain = grain;
        _blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Lets the held writes go on; later writes are no longer held.</summary>
    public void Open() => _gate.TrySetResult();

    /// <summary>Completes when a write is held at the closed gate (at most 10 s).</summary>
    public Task WaitForBlockedWriteAsync() => _blocked.Task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <inheritdoc />
    public Task<StoredState?> ReadStateAsync(GrainId grain, CancellationToken cancellationToken = default) => inner.ReadStateAsync(grain, cancellationToken);

    /// <inheritdoc />
    public async Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default)
    {
        await PassAsync([write]);
        var version = await inner.WriteAsync(write, cancellationToken);
        Interlocked.Increment(ref _writes);
        return version;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WriteOutcome>> WriteGroupAsync(IReadOnlyList<GrainWrite> writes, CancellationToken cancellationToken = default)
    {
        await PassAsync(writes);
        var outcomes = await inner.WriteGroupAsync(writes, cancellationToken);
        Interlocked.Add(ref _writes, outcomes.Count(o => o.Error is null));
        return outcomes;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(GrainId grain, JournalQuery query, CancellationToken cancellationToken = default) =>
        inner.ReadJournalAsync(grain, query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LogEntry>> ReadLogAsync(string log, LogQuery query, CancellationToken cancellationToken = default) =>
        inner.ReadLogAsync(log, query, cancellationToken);

    /// <inheritdoc />
    public Task<StoredClaim?> ReadClaimAsync(ClaimKey key, CancellationToken cancellationToken = default) => inner.ReadClaimAsync(key, cancellationToken);

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    private async Task PassAsync(IReadOnlyList<GrainWrite> writes)
    {
        int seen;
        do seen = _largest;
        while (writes.Count > seen && Interlocked.CompareExchange(ref _largest, writes.Count, seen) != seen);
        if (Failing) throw new InvalidOperationException("The database is down.");
        var gate = _gate;
        if (gate.Task.IsCompleted || (_heldGrain is { } grain && !writes.Any(w => w.Grain == grain))) return;
        _blocked.TrySetResult();
        await gate.Task;
    }

    private static TaskCompletionSource OpenGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
