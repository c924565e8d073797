using MemberCard.Runtime.Catalog;
using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.Scheduling;

/// <summary>One tick of a grain timer, run as a turn so it never overlaps a call.</summary>
internal sealed class TimerTickWorkItem(Func<CancellationToken, Task> callback, Action onDone, ILogger logger) : WorkItem
{
    public override bool KeepsAlive => false;

    public override async Task RunAsync(ActivationData activation)
    {
        try
        {
            await callback(activation.Runtime.Stopping).ConfigureAwait(false);
        }
        catch (InconsistentStateException)
        {
            activation.Invalidate(DeactivationReason.StaleState);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Timer of {Grain} failed", activation.Id);
        }
        finally
        {
            onDone();
        }
    }

    public override void Fail(Exception exception)
    {
    }
}
