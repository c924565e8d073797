using System.Diagnostics;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Shared;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Grains.Tests.Release;

/// <summary>
/// Every silo keeps its own copy of the rules release; after each step every silo applies it within
/// <see cref="ReadMostlyOptions.Fresh"/> plus one catalog read, without any event (docs/rules.md, "Gray release").
/// </summary>
public sealed class RulePilotSiloTests
{
    // Fresh (1 s) plus one read, with room for a busy machine; the test fails if a silo is still wrong after it.
    private static int _phones;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(4);

    [Fact]
    public async Task EverySiloAppliesThePilotAtPilotStoresAfterPublishAndThePromotedVersionEverywhereAfterPromote()
    {
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions { Silos = 3 });
        var catalog = await RulePilotTests.CatalogWithStoresAsync(cluster, "S001", "S002");
        var copies = cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<CurrentRules>()).ToList();
        // Every silo holds a copy from before the pilot: the stale copies the steps must replace.
        foreach (var copy in copies) Assert.Equal(1, (await copy.GetForStoreAsync("S002")).Version);

        var pilot = await catalog.StartPilotAsync(new StartRulePilot(Tests.Rules.Ladder with { PointsPerYuan = 2 }, ["S002"]));
        Assert.Equal(2, pilot.Pilot!.Rules.Version);
        await EverySiloWithinBoundAsync(copies, async copy => (await copy.GetForStoreAsync("S002")).Version == 2);
        foreach (var copy in copies) Assert.Equal(1, (await copy.GetForStoreAsync("S001")).Version);
        // Cards on whichever silos Orleans placed them, called from every silo: each pilot-store purchase used version 2.
        var paid = await PurchaseFromEverySiloAsync(cluster, "S002");
        Assert.All(paid, t => Assert.Equal(2, t.RulesVersion));
        Assert.All(await PurchaseFromEverySiloAsync(cluster, "S001"), t => Assert.Equal(1, t.RulesVersion));

        await catalog.PromotePilotAsync(new EndRulePilot(2));
        await EverySiloWithinBoundAsync(copies, async copy => (await copy.GetForStoreAsync("S001")).Version == 2);
        foreach (var copy in copies) Assert.Equal((2, (RulePilot?)null), ((await copy.GetAsync()).Version, (await copy.GetReleaseAsync()).Pilot));
        Assert.All(await PurchaseFromEverySiloAsync(cluster, "S001"), t => Assert.Equal(2, t.RulesVersion));
    }

    [Fact]
    public async Task EverySiloSendsPilotStoresBackAfterARollBack()
    {
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions { Silos = 2 });
        var catalog = await RulePilotTests.CatalogWithStoresAsync(cluster, "S001", "S002");
        var copies = cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<CurrentRules>()).ToList();
        await catalog.StartPilotAsync(new StartRulePilot(Tests.Rules.Ladder with { PointsPerYuan = 2 }, ["S002"]));
        await EverySiloWithinBoundAsync(copies, async copy => (await copy.GetForStoreAsync("S002")).Version == 2);

        await catalog.RollBackPilotAsync(new EndRulePilot(2));
        await EverySiloWithinBoundAsync(copies, async copy => (await copy.GetForStoreAsync("S002")).Version == 1);
        Assert.All(await PurchaseFromEverySiloAsync(cluster, "S002"), t => Assert.Equal(1, t.RulesVersion));
    }

    [Fact]
    public async Task ASiloThatJoinsAfterTheStartAppliesThePilotOnItsFirstRead()
    {
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions { Silos = 2 });
        var catalog = await RulePilotTests.CatalogWithStoresAsync(cluster, "S001", "S002");
        await catalog.StartPilotAsync(new StartRulePilot(Tests.Rules.Ladder with { PointsPerYuan = 2 }, ["S002"]));

        // It saw no step and no event: its first read asks the catalog.
        var joined = await cluster.Cluster.StartAdditionalSiloAsync();
        var copy = joined.ServiceProvider.GetRequiredService<CurrentRules>();
        Assert.Equal((2, 1), ((await copy.GetForStoreAsync("S002")).Version, (await copy.GetForStoreAsync("S001")).Version));
    }

    private static async Task EverySiloWithinBoundAsync(IReadOnlyList<CurrentRules> copies, Func<CurrentRules, Task<bool>> applied)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < copies.Count; i++)
        {
            while (!await applied(copies[i]))
            {
                Assert.True(watch.Elapsed < Bound, $"silo {i} still applied the previous release {watch.Elapsed} after the step");
                await Task.Delay(50);
            }
        }
    }

    private static async Task<List<CardTransaction>> PurchaseFromEverySiloAsync(DomainCluster cluster, string storeId)
    {
        var paid = new List<CardTransaction>();
        foreach (var silo in cluster.Silos)
        {
            var grains = DomainCluster.GrainsOf(silo);
            for (var i = 0; i < 2; i++)
            {
                var card = await RulePilotTests.NewCardAsync(cluster, grains, $"1380013{Interlocked.Increment(ref _phones):D4}");
                paid.Add(await card.PurchaseAsync(new Purchase($"O-{Guid.NewGuid():N}", storeId, 10_000, 0, 0, RulePilotTests.Key(Guid.NewGuid().ToString("N")))));
            }
        }
        return paid;
    }
}
