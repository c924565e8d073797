namespace MemberCard.Server.Hosting;

/// <summary>The cluster side of <c>/health/ready</c>: null when this process may take requests, else why not.</summary>
internal interface IMembershipStatus
{
    Task<string?> NotReadyAsync(CancellationToken cancellationToken);
}

/// <summary>A silo is ready when it is <c>Active</c> in Orleans' membership.</summary>
internal sealed class SiloMembershipStatus(ISiloStatusOracle silo) : IMembershipStatus
{
    public Task<string?> NotReadyAsync(CancellationToken cancellationToken) =>
        Task.FromResult(silo.CurrentStatus == SiloStatus.Active ? null : $"The silo is {silo.CurrentStatus}.");
}

/// <summary>A front door is ready when the cluster answers through its gateways and has an active silo.</summary>
internal sealed class GatewayMembershipStatus(IGrainFactory grains) : IMembershipStatus
{
    public async Task<string?> NotReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return hosts.Count > 0 ? null : "No silo of the cluster is active.";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"The cluster does not answer through its gateways ({e.GetType().Name}).";
        }
    }
}
