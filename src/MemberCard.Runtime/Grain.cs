using MemberCard.Runtime.Catalog;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Timers;

namespace MemberCard.Runtime;

/// <summary>
/// Base class of every grain. The runtime creates one instance per activation and runs its turns one at a
/// time, so grain code never needs locks.
/// </summary>
public abstract class Grain
{
    private ActivationData? _activation;

    /// <summary>The grain's identity.</summary>
    protected GrainId GrainId => Activation.Id;

    /// <summary>References to other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.Runtime.GrainFactory;

    /// <summary>The clock every grain should use (a fake one in tests).</summary>
    protected TimeProvider Clock => Activation.Runtime.TimeProvider;

    /// <summary>The JSON serializer used for state, journal entries, events and claim values.</summary>
    protected GrainSerializer Serializer => Activation.Runtime.Serializer;

    /// <summary>Cancelled when the silo is stopping and has run out of patience with this activation.</summary>
    protected CancellationToken SiloStopping => Activation.Runtime.Stopping;

    internal ActivationData Activation => _activation ?? throw new InvalidOperationException("The grain is not activated.");

    internal void Attach(ActivationData activation) => _activation = activation;

    /// <summary>Runs as the first turn, before any call. Stateful grains load their state before this.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs as the last turn, after every call queued before the deactivation started.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Another grain's journal entries (newest first), read straight from storage without calling or activating it.
    /// Journals are append-only, so what this returns stays true; entries that grain is committing at this moment
    /// may be missing.
    /// </summary>
    protected Task<IReadOnlyList<JournalEntry>> PeekJournalAsync(GrainId other, JournalQuery query) =>
        Activation.Runtime.Storage.ReadJournalAsync(other, query, SiloStopping);

    /// <summary>
    /// Another grain's last committed state and its version, read straight from storage without calling or
    /// activating it, so it cannot deadlock with a call that grain is making to this one; null when it has none.
    /// It can be older than what that grain is committing at this moment (never newer than committed): order what
    /// you learn from it by version.
    /// </summary>
    protected async Task<(TOther State, long Version)?> PeekStateAsync<TOther>(GrainId other) where TOther : class
    {
        var runtime = Activation.Runtime;
        var stored = await runtime.Storage.ReadStateAsync(other, SiloStopping).ConfigureAwait(false);
        return stored is null ? null : (runtime.Serializer.Deserialize<TOther>(stored.Json), stored.Version);
    }

    /// <summary>Asks the runtime to deactivate this activation once the current turn ends.</summary>
    protected void DeactivateOnIdle() => Activation.Runtime.Catalog.BeginDeactivation(Activation, DeactivationReason.Requested);

    /// <summary>
    /// Registers a timer whose ticks run as turns of this activation (never concurrently with calls).
    /// The next tick is scheduled only after the previous one finished. Timers die with the activation
    /// and do not keep it alive.
    /// </summary>
    protected IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        GrainTimer.Start(Activation, callback, dueTime, period);

    internal virtual Task LoadStateAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>Unused for longer than the collection age.</summary>
    Idle,

    /// <summary>The grain asked for it.</summary>
    Requested,

    /// <summary>The silo is shutting down.</summary>
    Shutdown,

    /// <summary>A write found the stored state changed underneath: this activation is stale.</summary>
    StaleState,

    /// <summary>Activation failed.</summary>
    ActivationFailed,
}
