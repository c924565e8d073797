using System.Diagnostics;
using MemberCard.Runtime.GrainDirectory;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Membership;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Runtime.Tests;

/// <summary>Three silos in this process over loopback TCP, on shared in-memory storage, membership and directory.</summary>
public sealed class InMemoryClusterTests : ClusterTests
{
    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

/// <summary>The same tests with three silos sharing one PostgreSQL database.</summary>
[RequiresPostgres]
public sealed class PostgresClusterTests : ClusterTests, IAsyncLifetime
{
    private string? _database;

    protected override async Task<string?> ConnectionStringAsync() => _database ??= await TestPostgres.CreateDatabaseAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null) await TestPostgres.DropDatabaseAsync(_database);
    }
}

public abstract class ClusterTests
{
    private readonly ActivationLog _log = new();

    protected abstract Task<string?> ConnectionStringAsync();

    private async Task<TestCluster> StartClusterAsync(string placement = "hash", int silos = 3) =>
        await TestCluster.StartAsync(new TestClusterOptions
        {
            InitialSilos = silos,
            Placement = placement,
            ConnectionString = await ConnectionStringAsync(),
            ConfigureSilo = o => o.CallTimeout = TimeSpan.FromSeconds(15),
            ConfigureServices = s =>
            {
                s.AddGrain<ICounterGrain, CounterGrain>();
                s.AddGrain<IEchoGrain, EchoGrain>();
                s.AddSingleton(_log);
            },
        });

    private static async Task<TestClusterSilo> OwnerOf(TestCluster cluster, GrainId grain)
    {
        var entry = await cluster.Silos[0].Services.GetRequiredService<IGrainDirectory>().LookupAsync(grain);
        Assert.NotNull(entry);
        return cluster.Silos.Single(s => s.Address == entry.Silo);
    }

    private static int Activations(ActivationLog log, GrainId grain) => log.ActivationsOf(grain);

    [StorageFact]
    public async Task CallsFromEverySiloReachTheOneActivationOfAGrain()
    {
        await using var cluster = await StartClusterAsync();
        var key = Guid.NewGuid().ToString("N");

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => cluster.Silos[i % 3].Grains.GetGrain<ICounterGrain>(key).AddAsync(1)));

        foreach (var silo in cluster.Silos) Assert.Equal(30, await silo.Grains.GetGrain<ICounterGrain>(key).GetAsync());
        Assert.Equal(1, Activations(_log, new GrainId("counter", key)));
        Assert.Equal(1, cluster.Silos.Sum(s => s.Silo.ActivationCount));
    }

    [StorageFact]
    public async Task ConcurrentFirstCallsWithRandomPlacementStillMakeOneActivationPerGrain()
    {
        await using var cluster = await StartClusterAsync("random");
        var keys = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid().ToString("N")).ToList();

        await Task.WhenAll(keys.SelectMany(key => Enumerable.Range(0, 6).Select(i => cluster.Silos[i % 3].Grains.GetGrain<ICounterGrain>(key).AddAsync(1))));

        foreach (var key in keys)
        {
            Assert.Equal(1, Activations(_log, new GrainId("counter", key)));
            Assert.Equal(6, await cluster.Silos[0].Grains.GetGrain<ICounterGrain>(key).GetAsync());
        }
    }

    [StorageFact]
    public async Task HashPlacementSpreadsGrainsOverEverySilo()
    {
        await using var cluster = await StartClusterAsync();

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => cluster.Silos[0].Grains.GetGrain<ICounterGrain>($"spread-{Guid.NewGuid():N}").AddAsync(1)));

        Assert.All(cluster.Silos, s => Assert.InRange(s.Silo.ActivationCount, 5, 50));
    }

    [StorageFact]
    public async Task ResultsAndExceptionsCrossTheWireIntact()
    {
        await using var cluster = await StartClusterAsync();
        var key = Guid.NewGuid().ToString("N");
        await cluster.Silos[0].Grains.GetGrain<IEchoGrain>(key).EchoAsync("warm", []);
        var owner = await OwnerOf(cluster, new GrainId("echo", key));
        var caller = cluster.Silos.First(s => s != owner).Grains.GetGrain<IEchoGrain>(key);

        var reply = await caller.EchoAsync("会员卡", ["a", "b"]);
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => caller.FailAsync("card frozen"));
        var rejected = await Assert.ThrowsAsync<ArgumentException>(() => caller.RejectAsync("amount"));

        Assert.Equal(new EchoReply("会员卡", 3, ["a", "b"]).Text, reply.Text);
        Assert.Equal(["a", "b"], reply.Tags);
        Assert.Equal("card frozen", failed.Message);
        Assert.Contains("amount", rejected.Message);
    }

    [StorageFact]
    public async Task AKilledSilosGrainsAreServedAgainByTheOthersWithTheirState()
    {
        await using var cluster = await StartClusterAsync();
        var key = Guid.NewGuid().ToString("N");
        Assert.Equal(7, await cluster.Silos[0].Grains.GetGrain<ICounterGrain>(key).AddAsync(7));
        var victim = await OwnerOf(cluster, new GrainId("counter", key));
        var survivor = cluster.Silos.First(s => s != victim);

        await victim.KillAsync();
        var clock = Stopwatch.StartNew();
        var value = await survivor.Grains.GetGrain<ICounterGrain>(key).AddAsync(1);
        clock.Stop();

        Assert.Equal(8, value);
        await cluster.WaitForActiveSilosAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(SiloStatus.Dead, survivor.Cluster.View.StatusOf(victim.Address));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(12));
    }

    [StorageFact]
    public async Task AGracefullyStoppedSilosCallsAreReroutedNotFailed()
    {
        await using var cluster = await StartClusterAsync();
        var keys = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var leaving = cluster.Silos[2];
        var staying = cluster.Silos.Take(2).ToList();
        var expected = keys.ToDictionary(k => k, _ => 0L);
        using var stop = new CancellationTokenSource();

        var load = Task.Run(async () =>
        {
            var round = 0;
            while (!stop.IsCancellationRequested)
            {
                await Task.WhenAll(keys.Select(k => staying[round % 2].Grains.GetGrain<ICounterGrain>(k).AddAsync(1)));
                foreach (var k in keys) expected[k]++;
                round++;
            }
        });
        await Task.Delay(300);
        await leaving.StopAsync();
        await Task.Delay(300);
        await stop.CancelAsync();
        await load; // throws if any call failed

        foreach (var k in keys) Assert.Equal(expected[k], await staying[0].Grains.GetGrain<ICounterGrain>(k).GetAsync());
        await cluster.WaitForActiveSilosAsync(2, TimeSpan.FromSeconds(5));
    }

    [StorageFact]
    public async Task ASiloThatJoinsLaterTakesItsShareOfNewGrains()
    {
        await using var cluster = await StartClusterAsync(silos: 2);

        var late = await cluster.StartSiloAsync();
        await cluster.WaitForActiveSilosAsync(3, TimeSpan.FromSeconds(10));
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => cluster.Silos[0].Grains.GetGrain<ICounterGrain>(Guid.NewGuid().ToString("N")).AddAsync(1)));

        Assert.InRange(late.Silo.ActivationCount, 1, 40);
    }
}
