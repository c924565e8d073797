using MemberCard.Runtime;
using MemberCard.Runtime.Storage;

namespace MemberCard.Testing;

/// <summary>
/// Storage that hands everything to another one, except that the test can make writes fail (<see cref="Failing"/>,
/// as a database that is down) or wait (<see cref="HoldWrites"/>, as a slow commit) until it lets them go.
/// </summary>
public sealed class GatedStorage(IGrainStorage inner) : IGrainStorage
{
    private TaskCompletionSource? _gate;
    private TaskCompletionSource? _arrived;
    private GrainId? _heldGrain;

    /// <summary>Whether writes fail (with <see cref="InvalidOperationException"/>, nothing committed).</summary>
    public bool Failing { get; set; }

    /// <summary>
    /// Holds the next writes (only those that include <paramref name="grain"/>'s, when given) until
    /// <see cref="Release"/>; the task completes when the first of them arrives.
    /// </summary>
    public Task HoldWrites(GrainId? grain = null)
    {
        _heldGrain = grain;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _arrived.Task;
    }

    /// <summary>Lets the held writes go on; later writes are no longer held.</summary>
    public void Release()
    {
        var gate = _gate;
        _gate = null;
        gate?.TrySetResult();
    }

    /// <inheritdoc />
    public Task<StoredState?> ReadStateAsync(GrainId grain, CancellationToken cancellationToken = default) => inner.ReadStateAsync(grain, cancellationToken);

    /// <inheritdoc />
    public async Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default)
    {
        await PassAsync([write]);
        return await inner.WriteAsync(write, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WriteOutcome>> WriteGroupAsync(IReadOnlyList<GrainWrite> writes, CancellationToken cancellationToken = default)
    {
        await PassAsync(writes);
        return await inner.WriteGroupAsync(writes, cancellationToken);
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
        if (Failing) throw new InvalidOperationException("The database is down.");
        if (_gate is not { } gate || (_heldGrain is { } grain && !writes.Any(w => w.Grain == grain))) return;
        _arrived?.TrySetResult();
        await gate.Task;
    }
}
