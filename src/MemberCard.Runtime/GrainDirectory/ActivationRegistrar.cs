using System.Collections.Concurrent;
using MemberCard.Runtime.Catalog;
using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.Messaging;
using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.GrainDirectory;

/// <summary>
/// Registers each new activation in the directory as its first step (before state loads), and removes the entry
/// when the activation leaves. Losing the registration means another silo holds the grain: the activation fails
/// with <see cref="GrainMovedException"/> and its calls follow the winner.
/// </summary>
internal sealed class ActivationRegistrar(IGrainDirectory directory, SiloAddress localSilo, ILogger<ActivationRegistrar> logger)
{
    private readonly ConcurrentDictionary<Task, byte> _pending = new();

    public async Task RegisterAsync(ActivationData activation, CancellationToken cancellationToken)
    {
        var mine = new DirectoryEntry(localSilo, activation.ActivationId);
        var holder = await directory.RegisterAsync(activation.Id, mine, cancellationToken).ConfigureAwait(false);
        if (holder.Silo != localSilo) throw new GrainMovedException(activation.Id, holder.Silo);
        activation.Registration = mine;
    }

    public void Unregister(ActivationData activation)
    {
        if (activation.Registration is not { } entry) return;
        var task = UnregisterAsync(activation.Id, entry);
        _pending[task] = 0;
        _ = task.ContinueWith(t => _pending.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Waits for the removals already started (graceful shutdown).</summary>
    public Task DrainAsync() => Task.WhenAll(_pending.Keys);

    private async Task UnregisterAsync(GrainId grain, DirectoryEntry entry)
    {
        try
        {
            await directory.UnregisterAsync(grain, entry).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A leftover entry of a live silo is taken over by its next activation or swept when the silo leaves.
            logger.LogWarning(e, "Could not remove the directory entry of {Grain}", grain);
        }
    }
}
