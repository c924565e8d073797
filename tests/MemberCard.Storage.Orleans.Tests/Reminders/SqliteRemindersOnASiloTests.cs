using MemberCard.Storage.Reminders;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace MemberCard.Storage.Orleans.Tests.Reminders;

/// <summary>Orleans' reminder service on the SQLite table: a registered reminder fires, and outlives a silo restart.</summary>
public sealed class SqliteRemindersOnASiloTests
{
    private static InProcessTestCluster Build(string directory, string serviceId)
    {
        var builder = new InProcessTestClusterBuilder(1);
        // A restarted service is the same service: reminders belong to the service id.
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseSqliteFile(directory);
            silo.UseSqliteReminders();
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        return builder.Build();
    }

    [Fact]
    public async Task AReminderRegisteredBeforeARestartFiresAfterIt()
    {
        var directory = TestSqlite.CreateDataDirectory();
        var key = Guid.NewGuid().ToString("N");
        try
        {
            await using (var first = Build(directory, key))
            {
                await first.DeployAsync();
                await first.Client.GetGrain<IPingReminderGrain>(key).StartAsync(TimeSpan.FromSeconds(1));
                await WaitForTicksAsync(key, 1);
            }
            var before = PingReminderGrain.Ticks[key];

            await using var second = Build(directory, key);
            await second.DeployAsync();

            await WaitForTicksAsync(key, before + 1);
        }
        finally
        {
            TestSqlite.DeleteDataDirectory(directory);
        }
    }

    private static Task WaitForTicksAsync(string key, int atLeast) =>
        Eventually.HoldsAsync(() => PingReminderGrain.Ticks.GetValueOrDefault(key) >= atLeast);
}
