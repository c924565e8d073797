using MemberCard.Grains;
using MemberCard.Grains.Reporting;
using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Streams;
using MemberCard.Server.Telemetry;
using Orleans.Configuration;

namespace MemberCard.Server.Hosting;

/// <summary>
/// <c>Server:Role=front-door</c>: the REST front door alone, an Orleans client (<c>UseOrleansClient</c>) that reaches
/// the cluster through the silos' gateways (<c>Cluster:GatewayPort</c> on the silos), found in the PostgreSQL membership
/// table; so the REST tier scales apart from the silos (docs/cluster.md, "A front door apart from the silos"). It reads
/// the same database for what the endpoints read directly (claims, reports, the outbox) and hosts no grain, no stream
/// consumer and no notification dispatcher. A call whose gateway's silo dies is failed by Orleans and the till retries
/// it with its Idempotency-Key; the client moves to the other gateways by itself.
/// </summary>
public static class FrontDoorHosting
{
    /// <summary>The setting naming the process's role: <c>silo</c> (default: silo and REST) or <c>front-door</c>.</summary>
    public const string Setting = "Server:Role";

    private const string Invariant = "Npgsql";

    /// <summary>Whether this process is a front door only.</summary>
    public static bool IsFrontDoor(IConfiguration configuration) =>
        string.Equals(configuration[Setting], "front-door", StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds the Orleans client, the grains' client-side services and the storage the endpoints read.</summary>
    public static WebApplicationBuilder AddMemberCardFrontDoor(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var clusterId = configuration["Cluster:ClusterId"];
        var connectionString = configuration["Storage:Postgres:ConnectionString"];
        if (!string.Equals(configuration["Storage:Provider"], "postgres", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(connectionString)
            || string.IsNullOrWhiteSpace(clusterId))
            throw new InvalidOperationException($"{Setting}=front-door needs the cluster's PostgreSQL: Storage:Provider=postgres, Storage:Postgres:ConnectionString and Cluster:ClusterId.");
        services.AddMemberCardGrains(configuration);
        services.AddMemberCardReporting(configuration);
        services.Configure<StreamOptions>(configuration.GetSection("Streams"));
        services.AddSingleton<StreamLag>();
        services.TryAddStreamQueueStore();
        services.AddPostgresGrainStorage(o => o.ConnectionString = connectionString);
        services.AddSerializableDatabaseErrors();
        services.AddSingleton<IMembershipStatus, GatewayMembershipStatus>();
        services.AddSingleton<ClusterKeyCheck>();
        services.AddHostedService<FrontDoorKeyCheck>();
        builder.UseOrleansClient(client =>
        {
            if (TelemetrySettings.RecordsTraces(configuration)) client.AddActivityPropagation();
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, configuration["Cluster:ServiceId"] ?? "membercard"));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
            client.Configure<ClientMessagingOptions>(o =>
            {
                if (configuration.GetValue<TimeSpan?>("Silo:CallTimeout") is { } timeout) o.ResponseTimeout = timeout;
            });
            if (SiloTls.IsConfigured(configuration)) SiloTls.Use(client, configuration);
        });
        services.AddHostedService<FrontDoorDrain>();
        return builder;
    }

    // The keys the front door hashes and opens with (phone and ID-number indexes, the key ring, the token signing key)
    // must be the cluster's, as on every silo.
    private sealed class FrontDoorKeyCheck(ClusterKeyCheck check) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => check.CheckAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
