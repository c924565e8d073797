using MemberCard.Runtime.Storage;

namespace MemberCard.Runtime;

/// <summary>
/// A grain with durable state. State is an immutable record: a turn computes the next state, commits it
/// with <see cref="CommitAsync"/>, and only then does <see cref="State"/> change. A refused write leaves the
/// in-memory state untouched.
/// </summary>
public abstract class Grain<TState> : Grain where TState : class
{
    private TState? _state;

    /// <summary>The last committed state (or the initial state when nothing is stored).</summary>
    protected TState State => _state ?? throw new InvalidOperationException("State is not loaded.");

    /// <summary>The stored version; 0 while nothing has been written.</summary>
    protected long Version { get; private set; }

    /// <summary>Whether the grain has ever committed state.</summary>
    protected bool StateExists => Version > 0;

    /// <summary>The state a grain starts with before its first write.</summary>
    protected abstract TState CreateInitialState();

    /// <summary>
    /// Commits <paramref name="next"/> together with journal entries, outbox events, log entries and claims in one
    /// transaction, compare-and-swap on <see cref="Version"/>. On success the reply may be sent: the change is
    /// durable. On <see cref="InconsistentStateException"/> the runtime drops this activation and retries the
    /// call once on a fresh one; on <see cref="ClaimConflictException"/> nothing was committed and the grain
    /// decides what the conflict means.
    /// </summary>
    protected async Task CommitAsync(TState next, Action<GrainWriteBuilder>? build = null)
    {
        var runtime = Activation.Runtime;
        var builder = new GrainWriteBuilder(runtime.Serializer);
        build?.Invoke(builder);
        var write = builder.Build(GrainId, Version, runtime.Serializer.Serialize(next), runtime.TimeProvider.GetUtcNow());
        Version = await runtime.WriteAsync(write, SiloStopping).ConfigureAwait(false);
        _state = next;
    }

    /// <summary>Reads this grain's journal (newest first).</summary>
    protected Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(JournalQuery query) =>
        Activation.Runtime.Storage.ReadJournalAsync(GrainId, query, SiloStopping);

    /// <summary>Reads a live claim held by anyone.</summary>
    protected Task<StoredClaim?> ReadClaimAsync(ClaimKey key) => Activation.Runtime.Storage.ReadClaimAsync(key, SiloStopping);

    internal sealed override async Task LoadStateAsync(CancellationToken cancellationToken)
    {
        var runtime = Activation.Runtime;
        var stored = await runtime.Storage.ReadStateAsync(GrainId, cancellationToken).ConfigureAwait(false);
        _state = stored is null ? CreateInitialState() : runtime.Serializer.Deserialize<TState>(stored.Json);
        Version = stored?.Version ?? 0;
    }
}
