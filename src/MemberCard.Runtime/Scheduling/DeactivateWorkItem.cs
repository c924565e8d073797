using MemberCard.Runtime.Catalog;
using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.Scheduling;

/// <summary>The last turn: runs after every call queued before deactivation began.</summary>
internal sealed class DeactivateWorkItem(DeactivationReason reason, ILogger logger) : WorkItem
{
    public override async Task RunAsync(ActivationData activation)
    {
        try
        {
            if (activation.Instance is { } grain)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(activation.Runtime.Stopping);
                timeout.CancelAfter(activation.Runtime.Options.DeactivationTimeout);
                await grain.OnDeactivateAsync(reason, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "OnDeactivateAsync of {Grain} failed", activation.Id);
        }
        finally
        {
            activation.Invalidate(reason);
        }
    }

    public override void Fail(Exception exception)
    {
    }
}
