namespace MemberCard.Runtime.Storage;

/// <summary>
/// Durable home of grain state. Every provider keeps the same guarantees, checked by one shared test suite:
/// a write is atomic (state, journal entries, outbox events, log entries, claims and claim releases commit together
/// or not at all),
/// a write commits only if the stored version equals the expected one, and timestamps are UTC.
/// </summary>
public interface IGrainStorage
{
    /// <summary>The stored state of a grain, or null when it has never been written.</summary>
    Task<StoredState?> ReadStateAsync(GrainId grain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits a write and returns the new version. Throws <see cref="InconsistentStateException"/> when the
    /// stored version is not <see cref="GrainWrite.ExpectedVersion"/>, and <see cref="ClaimConflictException"/>
    /// when a claim is held by someone else; in both cases nothing is committed.
    /// </summary>
    Task<long> WriteAsync(GrainWrite write, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits several writes (of different grains) together where the provider can, giving each write exactly
    /// the outcome it would have had alone. The default commits them one by one.
    /// </summary>
    async Task<IReadOnlyList<WriteOutcome>> WriteGroupAsync(IReadOnlyList<GrainWrite> writes, CancellationToken cancellationToken = default)
    {
        var outcomes = new WriteOutcome[writes.Count];
        for (var i = 0; i < writes.Count; i++) outcomes[i] = await WriteOutcome.OfAsync(() => WriteAsync(writes[i], cancellationToken)).ConfigureAwait(false);
        return outcomes;
    }

    /// <summary>Journal entries of one grain, newest first.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(GrainId grain, JournalQuery query, CancellationToken cancellationToken = default);

    /// <summary>Entries of one named log (written by any grain), newest first.</summary>
    Task<IReadOnlyList<LogEntry>> ReadLogAsync(string log, LogQuery query, CancellationToken cancellationToken = default);

    /// <summary>A live (not expired) claim, or null.</summary>
    Task<StoredClaim?> ReadClaimAsync(ClaimKey key, CancellationToken cancellationToken = default);

    /// <summary>Cheap round trip used by readiness checks.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
