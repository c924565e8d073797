using MemberCard.Runtime.Storage;
using MemberCard.Storage.State;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Grains;

/// <summary>
/// Base of the grains that own durable state: an Orleans <see cref="Grain"/> whose state is the
/// <see cref="IAtomicState{TState}"/> facet the subclass takes in its constructor with <c>[AtomicState]</c>. State is
/// an immutable record: a turn computes the next state and <see cref="CommitAsync"/> writes it with its journal
/// entries, outbox events, audit entries and claims in one transaction; only then does <see cref="State"/> change.
/// </summary>
public abstract class StateGrain<TState>(IAtomicState<TState> state) : Grain where TState : class
{
    private readonly IAtomicState<TState> _state = state;
    private TState? _initial;
    private TimeProvider? _clock;
    private GrainSerializer? _serializer;

    /// <summary>The last committed state, or <see cref="CreateInitialState"/> while nothing is stored.</summary>
    protected TState State => _state.State ?? (_initial ??= CreateInitialState());

    /// <summary>The stored version; 0 while nothing has been written.</summary>
    protected long Version => _state.Version;

    /// <summary>Whether the grain has ever committed state.</summary>
    protected bool StateExists => _state.Exists;

    /// <summary>This grain's key.</summary>
    protected string Key => this.GetPrimaryKeyString();

    /// <summary>The clock every grain uses (a fake one in tests).</summary>
    protected TimeProvider Clock => _clock ??= ServiceProvider.GetRequiredService<TimeProvider>();

    /// <summary>The JSON serializer of state, journal entries, events and claim values.</summary>
    protected GrainSerializer Serializer => _serializer ??= ServiceProvider.GetRequiredService<GrainSerializer>();

    /// <summary>The state a grain starts with before its first write.</summary>
    protected abstract TState CreateInitialState();

    /// <summary>
    /// Commits <paramref name="next"/> and what <paramref name="build"/> adds in one transaction (compare-and-swap
    /// on <see cref="Version"/>); a stale activation's write throws Orleans' InconsistentStateException and the call is
    /// retried once on a fresh activation; a held claim throws <see cref="ClaimConflictException"/>.
    /// </summary>
    protected Task CommitAsync(TState next, Action<GrainWriteBuilder>? build = null) => _state.CommitAsync(next, build);

    /// <summary>Starts staging: later commits of this turn only add to one pending write (<see cref="IAtomicState{TState}.BeginStaging"/>).</summary>
    protected void BeginStaging() => _state.BeginStaging();

    /// <summary>Whether this turn is staging: its commits are not written yet.</summary>
    protected bool Staging => _state.Staging;

    /// <summary>Commits what was staged as one write (<see cref="IAtomicState{TState}.CommitStagedAsync"/>).</summary>
    protected Task CommitStagedAsync() => _state.CommitStagedAsync();

    /// <summary>Forgets what was staged (<see cref="IAtomicState{TState}.DiscardStaged"/>).</summary>
    protected void DiscardStaged() => _state.DiscardStaged();

    /// <summary>This grain's journal, newest first.</summary>
    protected Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(JournalQuery query) => _state.ReadJournalAsync(query);

    /// <summary>A live claim held by anyone, or null.</summary>
    protected Task<StoredClaim?> ReadClaimAsync(ClaimKey key) => _state.ReadClaimAsync(key);

    /// <summary>Another grain's committed state and version, read from storage without calling it (see <see cref="IAtomicState{TState}"/>).</summary>
    protected Task<(TOther State, long Version)?> PeekStateAsync<TOther>(string grainType, string key) where TOther : class =>
        _state.PeekStateAsync<TOther>(GrainId.Create(grainType, key));

    /// <summary>Another grain's journal entries (newest first), read from storage without calling it.</summary>
    protected Task<IReadOnlyList<JournalEntry>> PeekJournalAsync(string grainType, string key, JournalQuery query) =>
        _state.PeekJournalAsync(GrainId.Create(grainType, key), query);
}
