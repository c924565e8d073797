using MemberCard.Runtime;
using MemberCard.Runtime.Storage;
using OrleansGrainId = Orleans.Runtime.GrainId;

namespace MemberCard.Storage.State;

/// <summary>
/// A grain's durable state with what commits beside it. State is an immutable record: a turn computes the next
/// state and commits it with <see cref="CommitAsync"/> together with journal entries (a card's ledger), outbox events,
/// log entries and claims, in one database transaction that is a compare-and-swap on <see cref="Version"/>. Only then
/// does <see cref="State"/> change. A refused compare-and-swap throws Orleans' <c>InconsistentStateException</c>, so
/// Orleans deactivates the stale activation and the caller's call is retried once on a fresh one.
/// </summary>
public interface IAtomicState<TState> where TState : class
{
    /// <summary>The last committed state; null while nothing is stored (the grain supplies its initial state).</summary>
    TState? State { get; }

    /// <summary>The stored version; 0 while nothing has been written.</summary>
    long Version { get; }

    /// <summary>Whether the grain has ever committed state.</summary>
    bool Exists { get; }

    /// <summary>
    /// Commits <paramref name="next"/> and what <paramref name="build"/> adds, atomically, compare-and-swap on
    /// <see cref="Version"/>; returns when the transaction holding it has committed. On
    /// <see cref="ClaimConflictException"/> nothing was committed and the grain decides what the conflict means.
    /// </summary>
    Task CommitAsync(TState next, Action<GrainWriteBuilder>? build = null);

    /// <summary>
    /// Starts staging (docs/architecture.md, "A hot card"): until <see cref="CommitStagedAsync"/> or
    /// <see cref="DiscardStaged"/>, <see cref="CommitAsync"/> writes nothing and returns at once; what it would write
    /// is added to one pending write and <see cref="State"/> becomes the next state. <see cref="Version"/> stays the
    /// committed one. Only for a turn that nothing else can interleave with (a non-reentrant grain's call).
    /// </summary>
    void BeginStaging();

    /// <summary>Whether this activation is staging (between <see cref="BeginStaging"/> and its commit or discard).</summary>
    bool Staging { get; }

    /// <summary>
    /// Ends staging and commits everything staged as one write (nothing when nothing was staged). If the write fails,
    /// <see cref="State"/> is the committed state again and the error is thrown as <see cref="CommitAsync"/> throws it.
    /// </summary>
    Task CommitStagedAsync();

    /// <summary>Ends staging and forgets what was staged: <see cref="State"/> is the committed state again (no effect when not staging).</summary>
    void DiscardStaged();

    /// <summary>This grain's journal, newest first.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(JournalQuery query);

    /// <summary>A live claim held by anyone, or null.</summary>
    Task<StoredClaim?> ReadClaimAsync(ClaimKey key);

    /// <summary>
    /// Another grain's last committed state and version, read from storage without calling or activating it, so it
    /// cannot deadlock with a call that grain is making to this one; null when it has none. It can be older than what
    /// that grain is committing at this moment, never newer than committed: order what you learn from it by version.
    /// </summary>
    Task<(TOther State, long Version)?> PeekStateAsync<TOther>(OrleansGrainId other) where TOther : class;

    /// <summary>Another grain's journal entries (newest first), read from storage without calling it.</summary>
    Task<IReadOnlyList<JournalEntry>> PeekJournalAsync(OrleansGrainId other, JournalQuery query);
}
