using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MemberCard.Server.Hosting;

/// <summary>Ready when the silo runs and storage answers a round trip.</summary>
internal sealed class ReadinessCheck(Silo silo, IGrainStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!silo.IsRunning) return HealthCheckResult.Unhealthy("The silo is not running.");
        try
        {
            await storage.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{silo.ActivationCount} activations");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Storage is unreachable.", e);
        }
    }
}
