using System.Collections.Concurrent;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Invocation;
using MemberCard.Runtime.Messaging;
using MemberCard.Runtime.Scheduling;
using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.Catalog;

/// <summary>
/// The activations of one silo. Creates an activation on first call, routes calls into its mailbox,
/// retries a call once when its activation turned out to be stale, and deactivates activations when they
/// are idle or the silo stops.
/// </summary>
internal sealed class GrainCatalog(GrainRuntime runtime, ILogger<GrainCatalog> logger)
{
    // A call refused by a closing activation waits for it to leave and tries again; more than a few
    // rounds means something keeps closing activations, so the caller gets a retryable error instead.
    private const int MaxReroutes = 3;

    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private volatile bool _stopping;

    public int Count => _activations.Count;

    /// <summary>
    /// Where every grain call enters: through the cluster router when silos form a cluster (it decides local vs
    /// remote), straight to this silo's activations otherwise.
    /// </summary>
    public Task<T> InvokeAsync<T>(GrainTypeInfo type, GrainId grain, GrainMethod method, object?[] arguments) =>
        runtime.Router is { } router ? router.InvokeAsync<T>(type, grain, method, arguments) : InvokeAloneAsync<T>(type, grain, method, arguments);

    public bool HasActivation(GrainId grain) => _activations.ContainsKey(grain);

    private async Task<T> InvokeAloneAsync<T>(GrainTypeInfo type, GrainId grain, GrainMethod method, object?[] arguments)
    {
        try
        {
            return await InvokeLocalAsync<T>(type, grain, method, arguments).ConfigureAwait(false);
        }
        catch (SiloStoppingException e)
        {
            throw new GrainUnavailableException(e.Message, e);
        }
    }

    /// <summary>Runs the call on this silo's activation of the grain, creating it when there is none.</summary>
    public async Task<T> InvokeLocalAsync<T>(GrainTypeInfo type, GrainId grain, GrainMethod method, object?[] arguments)
    {
        var staleRetried = false;
        for (var reroutes = 0; ; reroutes++)
        {
            if (reroutes > MaxReroutes) throw new GrainUnavailableException($"{grain} kept closing; try again.");
            var activation = GetOrCreate(type, grain);
            var call = new GrainCall<T>(method, arguments);
            if (!(method.IsReadOnly && activation.TryRunReadOnly(call)) && !activation.TryEnqueue(call))
            {
                await activation.Deactivated.ConfigureAwait(false);
                continue;
            }
            try
            {
                return await call.Task.WaitAsync(runtime.Options.CallTimeout, runtime.TimeProvider, runtime.Stopping).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new GrainCallTimeoutException(grain, runtime.Options.CallTimeout);
            }
            catch (OperationCanceledException) when (runtime.Stopping.IsCancellationRequested)
            {
                // The stop can cancel the wait just after the turn finished (its continuation is asynchronous): the
                // turn's answer stands, and only a call whose turn really did not finish has an unknown outcome.
                if (!call.Task.IsCompleted) throw new GrainUnavailableException("The silo stopped before the call completed.");
                return await call.Task.ConfigureAwait(false);
            }
            catch (InconsistentStateException e)
            {
                // Nothing of the failed turn committed, so running it again on fresh state is safe.
                if (staleRetried) throw new GrainUnavailableException($"State of {grain} changed underneath twice; try again.", e);
                staleRetried = true;
                logger.LogInformation("Stale activation of {Grain} dropped; retrying the call once", grain);
            }
            catch (ActivationClosedException)
            {
                await activation.Deactivated.ConfigureAwait(false);
            }
        }
    }

    public void BeginDeactivation(ActivationData activation, DeactivationReason reason)
    {
        if (activation.TryClose(new DeactivateWorkItem(reason, logger)))
            logger.LogDebug("Deactivating {Grain}: {Reason}", activation.Id, reason);
    }

    public int CollectIdle(DateTimeOffset cutoff)
    {
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (!activation.IsIdleSince(cutoff)) continue;
            BeginDeactivation(activation, DeactivationReason.Idle);
            collected++;
        }
        return collected;
    }

    public void Remove(ActivationData activation, DeactivationReason reason)
    {
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.Id, activation));
        runtime.Registrar?.Unregister(activation);
        if (reason is DeactivationReason.StaleState or DeactivationReason.ActivationFailed)
            logger.LogWarning("Activation of {Grain} removed: {Reason}", activation.Id, reason);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var deadline = runtime.TimeProvider.GetUtcNow() + runtime.Options.DeactivationTimeout;
        try
        {
            // Repeated until nothing is left: a call that passed the stopping check just before it was set may still
            // create an activation after the first snapshot, and its caller must not be cut off by CancelStopping.
            while (_activations.Values.Where(a => !a.Deactivated.IsCompleted).ToList() is { Count: > 0 } pending)
            {
                foreach (var activation in pending) BeginDeactivation(activation, DeactivationReason.Shutdown);
                var left = deadline - runtime.TimeProvider.GetUtcNow();
                if (left <= TimeSpan.Zero) throw new TimeoutException();
                await Task.WhenAll(pending.Select(a => a.Deactivated)).WaitAsync(left, runtime.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("{Count} activations did not deactivate in time; cancelling them", _activations.Values.Count(a => !a.Deactivated.IsCompleted));
        }
        finally
        {
            runtime.CancelStopping();
        }
    }

    private ActivationData GetOrCreate(GrainTypeInfo type, GrainId grain)
    {
        if (_activations.TryGetValue(grain, out var existing)) return existing;
        if (_stopping) throw new SiloStoppingException();
        var created = new ActivationData(grain, type, runtime);
        return _activations.GetOrAdd(grain, created);
    }
}
