using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MemberCard.Server.Hosting;

/// <summary>
/// <c>/health/ready</c>: ready when the silo is <c>Active</c> in Orleans' membership (a front door: when the cluster
/// answers through its gateways, <see cref="IMembershipStatus"/>), storage answers, and every
/// migration script of this build is recorded as applied. A load balancer or Kubernetes sends requests only to a ready
/// silo; a silo not ready is not restarted for it (that is <c>/health/live</c>, which checks nothing but the process).
/// </summary>
internal sealed class ReadinessCheck : IHealthCheck
{
    private readonly IMembershipStatus _membership;
    private readonly IGrainStorage _storage;
    private readonly ISchemaStatus _schema;

    /// <summary>The check as the health-check service builds it, on the storage's own database.</summary>
    public ReadinessCheck(IMembershipStatus membership, IGrainStorage storage, IProjectionDatabase database)
        : this(membership, storage, new SchemaMigrationsTable(database))
    {
    }

    internal ReadinessCheck(IMembershipStatus membership, IGrainStorage storage, ISchemaStatus schema)
    {
        _membership = membership;
        _storage = storage;
        _schema = schema;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await _membership.NotReadyAsync(cancellationToken) is { } reason) return HealthCheckResult.Unhealthy(reason);
        try
        {
            await _storage.PingAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Storage is unreachable.", e);
        }
        try
        {
            var missing = await _schema.MissingMigrationsAsync(cancellationToken);
            if (missing.Count > 0) return HealthCheckResult.Unhealthy($"Migrations not applied: {string.Join(", ", missing)}.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The applied migrations cannot be read (schema_migrations).", e);
        }
        return HealthCheckResult.Healthy("ready");
    }
}
