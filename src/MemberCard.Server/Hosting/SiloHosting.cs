using MemberCard.Grains;
using MemberCard.Grains.Engagement;
using MemberCard.Grains.Notifications;
using MemberCard.Grains.Reporting;
using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Messaging;
using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Reminders;
using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Streams;

namespace MemberCard.Server.Hosting;

/// <summary>Hosts the silo in the server process, on the storage that configuration names.</summary>
public static class SiloHosting
{
    /// <summary>
    /// Adds the silo, the grains, and SQLite (default) or PostgreSQL storage. With PostgreSQL and a
    /// <c>Cluster:ClusterId</c>, the silo joins a cluster (docs/cluster.md); SQLite is single-silo only.
    /// </summary>
    public static WebApplicationBuilder AddMemberCardSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddMemberCardSilo();
        builder.Services.Configure<SiloOptions>(configuration.GetSection("Silo"));
        builder.Services.AddMemberCardGrains(configuration);
        // After the silo, so the stream agents start once storage is migrated.
        builder.Services.AddMemberCardStreams(o => configuration.GetSection("Streams").Bind(o));
        builder.Services.AddMemberCardReporting(configuration);
        builder.Services.AddMemberCardReminders(o => configuration.GetSection("Reminders").Bind(o));
        builder.Services.AddMemberCardEngagement(configuration);
        builder.Services.AddMemberCardNotifications(configuration);
        var provider = configuration["Storage:Provider"] ?? "sqlite";
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                if (IsClustered(configuration))
                    throw new InvalidOperationException("Cluster:ClusterId is set but SQLite storage is single-silo; use Storage:Provider=postgres for a cluster.");
                builder.Services.AddSqliteGrainStorage(o => configuration.GetSection("Storage:Sqlite").Bind(o));
                break;
            case "postgres":
                var connectionString = configuration["Storage:Postgres:ConnectionString"];
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Storage:Provider is postgres but Storage:Postgres:ConnectionString is empty.");
                builder.Services.AddPostgresGrainStorage(o => o.ConnectionString = connectionString);
                if (IsClustered(configuration)) AddCluster(builder.Services, configuration, connectionString);
                break;
            default:
                throw new InvalidOperationException($"Unknown Storage:Provider '{provider}'; use sqlite or postgres.");
        }
        return builder;
    }

    private static bool IsClustered(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Cluster:ClusterId"]);

    private static void AddCluster(IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var section = configuration.GetSection("Cluster");
        services.AddMemberCardCluster(o =>
        {
            // The profile sets the membership timings; explicit Cluster:Membership:* values still win.
            if (string.Equals(section["Profile"], "fast", StringComparison.OrdinalIgnoreCase)) o.Membership.CopyFrom(MembershipOptions.Fast());
            section.Bind(o);
        });
        services.AddPostgresClustering(o =>
        {
            o.ConnectionString = connectionString;
            o.ClusterId = section["ClusterId"]!;
        });
        services.AddSingleton<IRemoteExceptionCodec, DomainExceptionCodec>();
    }
}
