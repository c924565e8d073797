using System.Net;
using MemberCard.Runtime.Postgres;
using MemberCard.Storage.Orleans.Tests.Reminders;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace MemberCard.Storage.Orleans.Tests.Cluster;

/// <summary>
/// Orleans' own ADO.NET clustering and reminder providers, version 10.4.2, on the PostgreSQL schema of our migration
/// 0050 (they ship no SQL): two real silos join one cluster through the membership table, a client finds them
/// through the gateway query, a reminder fires from the reminder table, and a silo that stops leaves the table's
/// active set.
/// </summary>
[RequiresPostgres]
public sealed class AdoNetOnPostgresTests
{
    private static IHost Silo(string connectionString, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
            silo.ConfigureEndpoints(IPAddress.Loopback, LoopbackPorts.Free(), LoopbackPorts.Free());
            silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connectionString));
            silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connectionString));
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        return builder.Build();
    }

    [PostgresFact]
    public async Task TwoSilosFormAClusterAClientFindsThemAndAReminderFires()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        try
        {
            await using (var storage = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = database }))
                await storage.InitializeAsync();
            var clusterId = $"c{Guid.NewGuid():N}";
            using var first = Silo(database, clusterId);
            using var second = Silo(database, clusterId);
            await first.StartAsync();
            await second.StartAsync();

            var grains = first.Services.GetRequiredService<IGrainFactory>();
            await Eventually.HoldsAsync(async () => (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 2, 60);

            var clientBuilder = Host.CreateApplicationBuilder();
            clientBuilder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
                client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", database));
            });
            using var clientHost = clientBuilder.Build();
            await clientHost.StartAsync();
            var client = clientHost.Services.GetRequiredService<IClusterClient>();
            var places = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.GetGrain<ISiloNameGrain>($"g{i}").WhereAsync()));
            Assert.Equal(2, places.Distinct().Count());

            var key = Guid.NewGuid().ToString("N");
            await client.GetGrain<IPingReminderGrain>(key).StartAsync(TimeSpan.FromSeconds(1));
            await Eventually.HoldsAsync(() => Task.FromResult(PingReminderGrain.Ticks.GetValueOrDefault(key) >= 1), 60);

            await clientHost.StopAsync();
            await second.StopAsync();
            await Eventually.HoldsAsync(async () => (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 1, 60);
            await first.StopAsync();
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }
}
