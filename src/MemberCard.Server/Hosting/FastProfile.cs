using Orleans.Configuration;

namespace MemberCard.Server.Hosting;

/// <summary>
/// <c>Cluster:Profile=fast</c>: membership timings that declare a killed silo dead in about 3 s instead of Orleans'
/// defaults (about 15 s and more), for clusters on one machine or one rack. Explicit <c>Cluster:Membership:*</c> values
/// (Orleans' <see cref="ClusterMembershipOptions"/> names) still win.
/// </summary>
public static class FastProfile
{
    /// <summary>Sets the fast timings.</summary>
    public static void Apply(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = TimeSpan.FromMilliseconds(750);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = 1;
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(20);
        options.LocalHealthDegradationMonitoringPeriod = TimeSpan.FromSeconds(5);
    }
}
