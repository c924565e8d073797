using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MemberCard.Server.Hosting;

/// <summary>Ready when the silo is active in its cluster and storage answers.</summary>
internal sealed class ReadinessCheck(ISiloStatusOracle silo, IGrainStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (silo.CurrentStatus != SiloStatus.Active) return HealthCheckResult.Unhealthy($"The silo is {silo.CurrentStatus}.");
        try
        {
            await storage.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"silo {silo.SiloAddress} active");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Storage is unreachable.", e);
        }
    }
}
