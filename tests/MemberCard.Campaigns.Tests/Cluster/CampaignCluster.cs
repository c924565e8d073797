using MemberCard.Grains;
using MemberCard.Runtime.Messaging;
using MemberCard.Runtime.Reminders;
using MemberCard.Server.Hosting;
using MemberCard.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Campaigns.Tests.Cluster;

/// <summary>A <see cref="TestCluster"/> of silos carrying the domain grains (campaigns, members, cards).</summary>
internal static class CampaignCluster
{
    /// <summary>
    /// Starts <paramref name="silos"/> silos on <paramref name="connectionString"/> (null: shared in-memory storage) with
    /// the given "Campaigns" / "Reminders" settings.
    /// </summary>
    public static Task<TestCluster> StartAsync(string? connectionString, IDictionary<string, string?> settings, int silos = 3)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return TestCluster.StartAsync(new TestClusterOptions
        {
            InitialSilos = silos,
            ConnectionString = connectionString,
            ConfigureSilo = o => o.CallTimeout = TimeSpan.FromSeconds(30),
            ConfigureServices = s =>
            {
                s.AddMemberCardGrains(configuration);
                s.AddMemberCardReminders(o => configuration.GetSection("Reminders").Bind(o));
                // Refusals raised on another silo keep their stable code (as in the server's cluster hosting).
                s.AddSingleton<IRemoteExceptionCodec, DomainExceptionCodec>();
            },
        });
    }
}
