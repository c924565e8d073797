using System.Net;
using System.Net.Sockets;
using MemberCard.Grains;
using MemberCard.Grains.Engagement;
using MemberCard.Grains.Notifications;
using MemberCard.Grains.Reporting;
using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Sqlite;
using MemberCard.Server.Dashboard;
using MemberCard.Server.Telemetry;
using MemberCard.Runtime.Streams;
using MemberCard.Storage.Reminders;
using MemberCard.Storage.State;
using MemberCard.Storage.Streams;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace MemberCard.Server.Hosting;

/// <summary>
/// Hosts an Orleans silo in the server process (<c>UseOrleans</c>), on the storage configuration names: SQLite
/// (default, one silo, localhost clustering, our SQLite reminder table) or PostgreSQL (Orleans' ADO.NET reminders;
/// with <c>Cluster:ClusterId</c> also ADO.NET clustering, docs/cluster.md). Grain state, the outbox streams and the
/// claims are our providers in MemberCard.Storage (docs/orleans-providers.md).
/// </summary>
public static class SiloHosting
{
    private const string Invariant = "Npgsql";

    /// <summary>Adds the silo, the grains' services and the storage.</summary>
    public static WebApplicationBuilder AddMemberCardSilo(this WebApplicationBuilder builder)
    {
        if (FrontDoorHosting.IsFrontDoor(builder.Configuration)) return builder.AddMemberCardFrontDoor();
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddMemberCardGrains(configuration);
        services.AddMemberCardReporting(configuration);
        services.AddMemberCardEngagement(configuration);
        services.AddMemberCardNotifications(configuration);
        services.Configure<StreamOptions>(configuration.GetSection("Streams"));
        services.AddSingleton<StreamLag>();
        services.AddSingleton<IMembershipStatus, SiloMembershipStatus>();
        var provider = (configuration["Storage:Provider"] ?? "sqlite").ToLowerInvariant();
        var clustered = !string.IsNullOrWhiteSpace(configuration["Cluster:ClusterId"]);
        var connectionString = configuration["Storage:Postgres:ConnectionString"];
        switch (provider)
        {
            case "sqlite":
                if (clustered)
                    throw new InvalidOperationException("Cluster:ClusterId is set but SQLite storage is single-silo; use Storage:Provider=postgres for a cluster.");
                services.AddSqliteGrainStorage(o => configuration.GetSection("Storage:Sqlite").Bind(o));
                break;
            case "postgres":
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Storage:Provider is postgres but Storage:Postgres:ConnectionString is empty.");
                services.AddPostgresGrainStorage(o => o.ConnectionString = connectionString);
                services.AddSerializableDatabaseErrors();
                break;
            default:
                throw new InvalidOperationException($"Unknown Storage:Provider '{provider}'; use sqlite or postgres.");
        }
        builder.UseOrleans(silo =>
        {
            if (TelemetrySettings.RecordsTraces(configuration)) silo.AddActivityPropagation();
            silo.AddAtomicState(o => configuration.GetSection("Silo:GroupCommit").Bind(o.GroupCommit));
            silo.AddOutboxStreams(o => configuration.GetSection("Streams").Bind(o));
            foreach (var consumer in OutboxConsumers.All) silo.AddOutboxConsumer(consumer);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ClusterKeyCheck>();
            if (DashboardEndpoints.IsEnabled(configuration)) silo.AddDashboard(o => configuration.GetSection("Dashboard").Bind(o));
            ConfigureTimings(silo, configuration);
            if (provider == "sqlite") silo.UseSqliteReminders();
            else silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
            if (clustered) UseCluster(silo, configuration, connectionString!);
            else UseSingleSilo(silo, configuration);
            KubernetesHosting.UseIfEnabled(silo, configuration);
        });
        services.AddHostedService<FrontDoorDrain>();
        return builder;
    }

    // The old launch options, mapped onto Orleans' own.
    private static void ConfigureTimings(ISiloBuilder silo, IConfiguration configuration)
    {
        var section = configuration.GetSection("Silo");
        silo.Configure<GrainCollectionOptions>(o =>
        {
            if (section.GetValue<TimeSpan?>("CollectionAge") is { } age) o.CollectionAge = age;
            if (section.GetValue<TimeSpan?>("CollectionQuantum") is { } quantum) o.CollectionQuantum = quantum;
            if (section.GetValue<TimeSpan?>("DeactivationTimeout") is { } deactivation) o.DeactivationTimeout = deactivation;
        });
        silo.Configure<SiloMessagingOptions>(o =>
        {
            if (section.GetValue<TimeSpan?>("CallTimeout") is { } timeout) o.ResponseTimeout = timeout;
        });
        silo.Configure<ReminderOptions>(o =>
        {
            if (configuration.GetValue<TimeSpan?>("Reminders:MinimumPeriod") is { } period) o.MinimumReminderPeriod = period;
        });
        silo.Services.Configure<StreamPullingAgentOptions>(OutboxStreamsSiloBuilderExtensions.ProviderName, o =>
        {
            if (configuration.GetValue<TimeSpan?>("Streams:PollInterval") is { } poll) o.GetQueueMsgsTimerPeriod = poll;
            if (configuration.GetValue<TimeSpan?>("Streams:MaxDeliveryTime") is { } delivery) o.MaxEventDeliveryTime = delivery;
        });
    }

    // One silo: localhost clustering on a loopback port of its own (none other talks to it), no gateway unless asked.
    private static void UseSingleSilo(ISiloBuilder silo, IConfiguration configuration)
    {
        var section = configuration.GetSection("Cluster");
        var siloPort = section.GetValue("SiloPort", 0) is > 0 and var port ? port : FreeLoopbackPort();
        silo.UseLocalhostClustering(siloPort, section.GetValue("GatewayPort", 0), serviceId: ServiceId(configuration), clusterId: ServiceId(configuration));
    }

    private static void UseCluster(ISiloBuilder silo, IConfiguration configuration, string connectionString)
    {
        var section = configuration.GetSection("Cluster");
        var listen = IPAddress.Parse(section["ListenAddress"] ?? "127.0.0.1");
        var tls = SiloTls.IsConfigured(configuration);
        if (!IPAddress.IsLoopback(listen) && !tls)
            throw new InvalidOperationException("Cluster:ListenAddress is beyond loopback but no Cluster:Certificate:Path is configured; silos talk TLS or only on loopback.");
        if (tls) SiloTls.Use(silo, configuration);
        var advertised = IPAddress.Parse(section["AdvertisedHost"] ?? listen.ToString());
        var siloPort = section.GetValue("SiloPort", 11111);
        var gatewayPort = section.GetValue("GatewayPort", 0);
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (section["ClusterId"]!, ServiceId(configuration)));
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = advertised;
            o.SiloPort = siloPort;
            o.GatewayPort = gatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(listen, siloPort);
            if (gatewayPort > 0) o.GatewayListeningEndpoint = new IPEndPoint(listen, gatewayPort);
        });
        silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
        if (string.Equals(section["Profile"], "fast", StringComparison.OrdinalIgnoreCase)) silo.Configure<ClusterMembershipOptions>(FastProfile.Apply);
        silo.Configure<ClusterMembershipOptions>(section.GetSection("Membership"));
    }

    // Reminders are keyed by the service id, so it must not change between restarts.
    private static string ServiceId(IConfiguration configuration) => configuration["Cluster:ServiceId"] ?? "membercard";

    // Ports handed out by this process; Orleans binds the port only later, as the silo starts.
    private static readonly HashSet<int> HandedOut = [];

    // A port the kernel's ephemeral range (32768-60999 on Linux) never gives out: a port taken with bind(0) and closed
    // again can meanwhile go to another bind(0) or to an outgoing connection, and then the silo's start fails with
    // "address in use" (seen with many servers starting at once in the API tests).
    private static int FreeLoopbackPort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20000, 32768);
            lock (HandedOut) if (!HandedOut.Add(port)) continue;
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by another process: try another.
            }
        }
    }
}
