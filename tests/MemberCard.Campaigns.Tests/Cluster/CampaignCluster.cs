using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;

namespace MemberCard.Campaigns.Tests.Cluster;

/// <summary>A <see cref="DomainCluster"/> of silos carrying the domain grains (campaigns, members, cards).</summary>
internal static class CampaignCluster
{
    /// <summary>
    /// Starts <paramref name="silos"/> silos on <paramref name="connectionString"/> (its storage and Orleans' ADO.NET
    /// reminders, as the server runs on PostgreSQL; null: shared in-memory storage and Orleans' in-memory reminders)
    /// with the given "Campaigns" / "Reminders" settings, plus what <paramref name="configure"/> adds.
    /// </summary>
    public static Task<DomainCluster> StartAsync(
        string? connectionString, IDictionary<string, string?> settings, short silos = 3, Action<ISiloBuilder>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new DomainClusterOptions
        {
            Silos = silos,
            Settings = settings,
            ConfigureSilo = silo =>
            {
                silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
                silo.Configure<ReminderOptions>(o =>
                {
                    if (configuration.GetValue<TimeSpan?>("Reminders:MinimumPeriod") is { } period) o.MinimumReminderPeriod = period;
                });
                configure?.Invoke(silo);
            },
        };
        if (connectionString is not null)
        {
            options.Storage = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = connectionString });
            options.DisposeStorage = true;
            options.Reminders = silo => silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connectionString));
        }
        else
        {
            options.Storage = new InMemoryGrainStorage(TimeProvider.System);
        }
        return DomainCluster.StartAsync(options);
    }
}
