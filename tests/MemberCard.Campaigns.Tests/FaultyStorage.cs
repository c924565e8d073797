using MemberCard.Runtime.Storage;

namespace MemberCard.Campaigns.Tests;

/// <summary>How an armed fault strikes the next issuance write.</summary>
public enum CrashPoint
{
    /// <summary>The process dies before the batch commits: nothing of it is stored.</summary>
    BeforeCommit,

    /// <summary>The process dies after the batch committed but before anyone learned it did.</summary>
    AfterCommit,
}

/// <summary>In-memory storage shared by several test silos, able to "crash" one issuance write.</summary>
public sealed class FaultyStorage(InMemoryGrainStorage inner) : IGrainStorage, IGrainStateScanner
{
    private CrashPoint? _armed;

    /// <summary>The storage underneath.</summary>
    public InMemoryGrainStorage Inner => inner;

    /// <summary>Makes the next write of an issuance partition fail at <paramref name="point"/>.</summary>
    public void Arm(CrashPoint point) => _armed = point;

    /// <inheritdoc />
    public async Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (write.Grain.Type != "coupon-issuer" || write.Claims.Count == 0 || _armed is not { } point)
            return await inner.WriteAsync(write, cancellationToken);
        _armed = null;
        if (point == CrashPoint.AfterCommit) await inner.WriteAsync(write, cancellationToken);
        throw new IOException($"Simulated crash {point}.");
    }

    /// <inheritdoc />
    public Task<StoredState?> ReadStateAsync(MemberCard.Runtime.GrainId grain, CancellationToken cancellationToken = default) =>
        inner.ReadStateAsync(grain, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(MemberCard.Runtime.GrainId grain, JournalQuery query, CancellationToken cancellationToken = default) =>
        inner.ReadJournalAsync(grain, query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LogEntry>> ReadLogAsync(string log, LogQuery query, CancellationToken cancellationToken = default) =>
        inner.ReadLogAsync(log, query, cancellationToken);

    /// <inheritdoc />
    public Task<StoredClaim?> ReadClaimAsync(ClaimKey key, CancellationToken cancellationToken = default) => inner.ReadClaimAsync(key, cancellationToken);

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ScannedState>> ScanStatesAsync(string grainType, string? afterKey, string? upToKey, int limit, CancellationToken cancellationToken = default) =>
        inner.ScanStatesAsync(grainType, afterKey, upToKey, limit, cancellationToken);

    /// <inheritdoc />
    public Task<long> CountStatesAsync(string grainType, CancellationToken cancellationToken = default) => inner.CountStatesAsync(grainType, cancellationToken);

    /// <inheritdoc />
    public Task<string?> KeyAtAsync(string grainType, long offset, CancellationToken cancellationToken = default) =>
        inner.KeyAtAsync(grainType, offset, cancellationToken);
}
