using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.Membership;
using System.Text;

namespace MemberCard.Runtime.Messaging;

/// <summary>Membership's probes and gossip, sent over the silo connections.</summary>
internal sealed class ClusterMessenger(SiloConnectionPool pool) : IMembershipMessenger
{
    public async Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout)
    {
        try
        {
            var connection = await pool.GetAsync(target).WaitAsync(timeout).ConfigureAwait(false);
            return (await connection.SendAsync(FrameKind.Ping, [], timeout).ConfigureAwait(false)).Kind == FrameKind.Ok;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    public async Task<bool> ProbeIndirectAsync(SiloAddress via, SiloAddress target, TimeSpan timeout)
    {
        try
        {
            var connection = await pool.GetAsync(via).WaitAsync(timeout).ConfigureAwait(false);
            // The helper needs its own probe time-out to answer within ours.
            var reply = await connection.SendAsync(FrameKind.IndirectProbe, Encoding.UTF8.GetBytes(target.ToString()), timeout * 2).ConfigureAwait(false);
            return reply.Kind == FrameKind.Ok && reply.Body is [1];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    public async Task NotifyChangedAsync(SiloAddress target)
    {
        try
        {
            var connection = await pool.GetAsync(target).ConfigureAwait(false);
            await connection.SendAsync(FrameKind.Gossip, [], TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Gossip only speeds things up; the periodic table read still catches the change.
        }
    }
}
