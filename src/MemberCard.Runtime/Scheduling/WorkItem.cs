using MemberCard.Runtime.Catalog;

namespace MemberCard.Runtime.Scheduling;

/// <summary>One turn of an activation: a call, a timer tick, activation or deactivation.</summary>
internal abstract class WorkItem
{
    /// <summary>Whether running this item counts as use (timer ticks do not keep a grain alive).</summary>
    public virtual bool KeepsAlive => true;

    /// <summary>Runs the turn. Must not throw: failures are delivered to whoever waits for the item.</summary>
    public abstract Task RunAsync(ActivationData activation);

    /// <summary>The item will never run; tell whoever waits for it.</summary>
    public abstract void Fail(Exception exception);
}
