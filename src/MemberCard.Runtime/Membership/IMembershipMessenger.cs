using MemberCard.Runtime.Cluster;

namespace MemberCard.Runtime.Membership;

/// <summary>What membership needs from the silo-to-silo transport.</summary>
public interface IMembershipMessenger
{
    /// <summary>Pings <paramref name="target"/> directly; false when it did not answer in time.</summary>
    Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout);

    /// <summary>Asks <paramref name="via"/> to ping <paramref name="target"/> (rules out a broken link between two silos).</summary>
    Task<bool> ProbeIndirectAsync(SiloAddress via, SiloAddress target, TimeSpan timeout);

    /// <summary>Tells <paramref name="target"/> the table changed, so it re-reads now (gossip; best effort).</summary>
    Task NotifyChangedAsync(SiloAddress target);
}

/// <summary>Stops this silo's process when membership finds it declared dead.</summary>
public interface ISiloTerminator
{
    /// <summary>Stops the silo; called at most once.</summary>
    void Terminate(string reason);
}
