using System.Text.Json;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Abstractions.Rules;
using MemberCard.Abstractions.Stores;
using MemberCard.Grains.Rules;
using MemberCard.Testing;
using Orleans;

namespace MemberCard.Grains.Tests.Release;

/// <summary>
/// Gray release on the catalog and the card grains (docs/rules.md, "Gray release"): a pilot version decides top-ups,
/// purchases and refunds at its stores only, until it is promoted or rolled back; refused steps change nothing.
/// </summary>
public sealed class RulePilotTests
{
    // Double points and a bigger top-up bonus, so an entry shows which version decided it.
    private static readonly RuleSet Pilot = Tests.Rules.Ladder with
    {
        PointsPerYuan = 2,
        Products = [new CardProduct("standard", "Standard", true, true, true, 500_000, [new BonusStep(10_000, 5_000)])],
    };

    [Fact]
    public async Task APilotDecidesAtItsStoresOnlyUntilPromotedThenEverywhere()
    {
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions());
        var catalog = await CatalogWithStoresAsync(cluster, "S001", "S002");
        var card = await NewCardAsync(cluster);
        await card.TopUpAsync(new TopUp(100_000, "S001", Key("t0")));

        var release = await catalog.StartPilotAsync(new StartRulePilot(Pilot, ["S002"]));
        Assert.Equal((1, 2, "S002"), (release.Current.Version, release.Pilot!.Rules.Version, release.Pilot.Stores.Single()));
        Assert.Equal(1, (await catalog.GetCurrentAsync()).Version);

        var atPilot = await card.PurchaseAsync(new Purchase("O-1", "S002", 10_000, 10_000, 0, Key("p1")));
        var elsewhere = await card.PurchaseAsync(new Purchase("O-2", "S001", 10_000, 10_000, 0, Key("p2")));
        Assert.Equal((2, 200L), (atPilot.RulesVersion, atPilot.PointsEarned));
        Assert.Equal((1, 100L), (elsewhere.RulesVersion, elsewhere.PointsEarned));
        var topUpAtPilot = await card.TopUpAsync(new TopUp(10_000, "S002", Key("t1")));
        Assert.Equal((2, 5_000L), (topUpAtPilot.RulesVersion, topUpAtPilot.Bonus));
        Assert.Equal(2, (await card.RefundAsync(new Refund("O-1", "S002", 1_000, Key("r1")))).RulesVersion);

        var promoted = await catalog.PromotePilotAsync(new EndRulePilot(2));
        Assert.Equal((2, (RulePilot?)null), (promoted.Current.Version, promoted.Pilot));
        Assert.Equal(2, (await catalog.GetCurrentAsync()).Version);
        var afterPromotion = await card.PurchaseAsync(new Purchase("O-3", "S001", 10_000, 10_000, 0, Key("p3")));
        Assert.Equal((2, 200L), (afterPromotion.RulesVersion, afterPromotion.PointsEarned));
        Assert.Equal(3, (await catalog.PublishAsync(new PublishRules(Pilot))).Version);
    }

    [Fact]
    public async Task ARolledBackPilotSendsItsStoresBackStaysReadableAndItsNumberIsNotReused()
    {
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions());
        var catalog = await CatalogWithStoresAsync(cluster, "S001", "S002");
        var card = await NewCardAsync(cluster);
        await catalog.StartPilotAsync(new StartRulePilot(Pilot, ["S002"]));
        Assert.Equal(2, (await card.PurchaseAsync(new Purchase("O-1", "S002", 10_000, 0, 0, Key("p1")))).RulesVersion);

        var after = await catalog.RollBackPilotAsync(new EndRulePilot(2));
        Assert.Equal((1, (RulePilot?)null), (after.Current.Version, after.Pilot));
        var back = await card.PurchaseAsync(new Purchase("O-2", "S002", 10_000, 0, 0, Key("p2")));
        Assert.Equal((1, 100L), (back.RulesVersion, back.PointsEarned));
        Assert.Equal(2, (await catalog.GetVersionAsync(2))!.PointsPerYuan);
        Assert.Equal(1, (await catalog.GetCurrentAsync()).Version);
        Assert.Equal(3, (await catalog.PublishAsync(new PublishRules(Pilot))).Version);
        Assert.Equal(3, (await catalog.GetCurrentAsync()).Version);
    }

    [Fact]
    public async Task RefusedStepsNameTheirCodeAndChangeNothing()
    {
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions());
        var catalog = await CatalogWithStoresAsync(cluster, "S001", "S002");

        await AssertRefusedAsync(ErrorCodes.RulesPilotNotRunning, () => catalog.PromotePilotAsync(new EndRulePilot(2)));
        await AssertRefusedAsync(ErrorCodes.RulesPilotNotRunning, () => catalog.RollBackPilotAsync(new EndRulePilot(1)));
        await AssertRefusedAsync(ErrorCodes.StoreNotFound, () => catalog.StartPilotAsync(new StartRulePilot(Pilot, ["S002", "S404"])));
        await AssertRefusedAsync(ErrorCodes.ValidationFailed, () => catalog.StartPilotAsync(new StartRulePilot(Pilot, [])));
        await AssertRefusedAsync(ErrorCodes.ValidationFailed, () => catalog.StartPilotAsync(new StartRulePilot(Pilot, ["S002", "S002"])));
        await AssertRefusedAsync(ErrorCodes.ValidationFailed, () => catalog.StartPilotAsync(new StartRulePilot(Pilot with { Tiers = [] }, ["S002"])));
        var untouched = await catalog.GetReleaseAsync();
        Assert.Equal((1, (RulePilot?)null, (RuleSet?)null), (untouched.Current.Version, untouched.Pilot, await catalog.GetVersionAsync(2)));

        await catalog.StartPilotAsync(new StartRulePilot(Pilot, ["S002"]));
        await AssertRefusedAsync(ErrorCodes.RulesPilotRunning, () => catalog.StartPilotAsync(new StartRulePilot(Pilot, ["S001"])));
        await AssertRefusedAsync(ErrorCodes.RulesPilotRunning, () => catalog.PublishAsync(new PublishRules(Pilot)));
        await AssertRefusedAsync(ErrorCodes.RulesPilotNotRunning, () => catalog.PromotePilotAsync(new EndRulePilot(3)));
        var running = await catalog.GetReleaseAsync();
        Assert.Equal((1, 2, (RuleSet?)null), (running.Current.Version, running.Pilot!.Rules.Version, await catalog.GetVersionAsync(3)));

        await catalog.PromotePilotAsync(new EndRulePilot(2));
        await AssertRefusedAsync(ErrorCodes.RulesPilotNotRunning, () => catalog.PromotePilotAsync(new EndRulePilot(2)));
        await AssertRefusedAsync(ErrorCodes.RulesPilotNotRunning, () => catalog.RollBackPilotAsync(new EndRulePilot(2)));
        Assert.Equal(2, (await catalog.GetCurrentAsync()).Version);
    }

    [Fact]
    public async Task APilotSurvivesTheCatalogsDeactivation()
    {
        var storage = new MemberCard.Runtime.Storage.InMemoryGrainStorage(TimeProvider.System);
        await using (var first = await DomainCluster.StartAsync(new DomainClusterOptions { Storage = storage }))
        {
            var catalog = await CatalogWithStoresAsync(first, "S001", "S002");
            await catalog.StartPilotAsync(new StartRulePilot(Pilot, ["S002"]));
        }
        await using var second = await DomainCluster.StartAsync(new DomainClusterOptions { Storage = storage });
        var release = await second.Grains.GetGrain<IRulesGrain>(IRulesGrain.Key).GetReleaseAsync();
        Assert.Equal((1, 2, "S002"), (release.Current.Version, release.Pilot!.Rules.Version, release.Pilot.Stores.Single()));
        Assert.Equal(2, release.ForStore("S002").Version);
        Assert.Equal(1, release.ForStore("S001").Version);
    }

    [Fact]
    public void ACatalogStoredBeforePilotsReadsWithNoCurrentNumberAndNoPilot()
    {
        var state = JsonSerializer.Deserialize("""{"versions":[{"version":1},{"version":2}]}""", GrainJsonContext.Default.RulesState)!;
        Assert.Equal(((int?)null, (StoredPilot?)null, 2), (state.CurrentVersion, state.Pilot, state.Versions[^1].Version));
    }

    internal static async Task<IRulesGrain> CatalogWithStoresAsync(DomainCluster cluster, params string[] stores)
    {
        foreach (var store in stores) await cluster.Grains.GetGrain<IStoreGrain>(store).CreateAsync(new CreateStore(store));
        return cluster.Grains.GetGrain<IRulesGrain>(IRulesGrain.Key);
    }

    internal static async Task<ICardGrain> NewCardAsync(DomainCluster cluster, IGrainFactory? grains = null, string phone = "13800138000")
    {
        grains ??= cluster.Grains;
        var member = grains.GetGrain<IMemberGrain>(Guid.NewGuid().ToString("N"));
        await member.RegisterAsync(new RegisterMember(phone, "Li Lei", null, null, "S001"));
        var card = grains.GetGrain<ICardGrain>((await member.IssueCardAsync(new IssueCard())).CardNo);
        await card.TopUpAsync(new TopUp(100_000, "S001", Key("seed-" + Guid.NewGuid().ToString("N"))));
        return card;
    }

    internal static RequestIdentity Key(string key) => new(null, null, key);

    private static async Task AssertRefusedAsync(string code, Func<Task> step) =>
        Assert.Equal(code, (await Assert.ThrowsAsync<DomainException>(step)).Code);
}
