using MemberCard.Abstractions;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Rules;

namespace MemberCard.Grains.Tests;

public sealed class RuleSetTests
{
    [Fact]
    public void TheConfigurationSeedIsAValidRuleSet()
    {
        var seed = new LoyaltyRules { TopUpBonus = [new TopUpBonusStep { MinAmount = 10_000, Bonus = 2_000 }] }.ToRuleSet();
        RuleSetValidator.Validate(seed);
        Assert.Equal(("standard", 500_000, 2_000L), (seed.Tiers[0].Name, seed.Product(null).BalanceCap, seed.Product(null).BonusFor(10_000)));
    }

    [Theory]
    [InlineData(9_999, 0)]
    [InlineData(10_000, 2_000)] // 充100送20
    [InlineData(49_999, 2_000)]
    [InlineData(50_000, 12_000)] // the highest step reached applies
    [InlineData(1_000_000, 12_000)]
    public void TopUpBonusTakesTheHighestStepReached(long amount, long bonus) =>
        Assert.Equal(bonus, Rules.Ladder.Product("standard").BonusFor(amount));

    [Fact]
    public void BonusMoneyPaysOnlyWhereTheProductAllows()
    {
        var everywhere = Rules.Ladder.Product("standard");
        var someStores = everywhere with { BonusStores = ["S001"] };
        var nowhere = everywhere with { BonusStores = [] };
        Assert.Equal((true, true, false, false), (everywhere.BonusPaysAt("S009"), someStores.BonusPaysAt("S001"), someStores.BonusPaysAt("S009"), nowhere.BonusPaysAt("S001")));
    }

    public static TheoryData<string, RuleSet> BadRules => new()
    {
        { "tiers", Rules.Ladder with { Tiers = [] } },
        { "tiers", Rules.Ladder with { Tiers = [new TierRule("gold", 100, 0, 100)] } },
        { "tiers[2].threshold", Rules.Ladder with { Tiers = [.. Rules.Ladder.Tiers.Take(2), new TierRule("platinum", 500_000, 0, 100)] } },
        { "products", Rules.Ladder with { Products = [] } },
        { "defaultProduct", Rules.Ladder with { DefaultProduct = "gift" } },
        { "downgradePolicy", Rules.Ladder with { DowngradePolicy = "sometimes" } },
        { "tierMeasure", Rules.Ladder with { TierMeasure = "visits" } },
        { "pointValue", Rules.Ladder with { PointValue = 0 } },
        { "promotions[0].weekday", Rules.Ladder with { Promotions = [new EarningPromotion("x", null, null, null, 8, 200)] } },
        { "products[0].topUpBonus", Rules.Ladder with { Products = [Rules.Ladder.Products[0] with { TopUpBonus = [new BonusStep(0, 1)] }] } },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void InvalidRuleSetsAreRefusedNamingTheField(string field, RuleSet rules)
    {
        var e = Assert.Throws<DomainException>(() => RuleSetValidator.Validate(rules));
        Assert.Equal(ErrorCodes.ValidationFailed, e.Code);
        Assert.Contains(field, e.Errors!.Keys);
    }

    [Fact]
    public void AProductOrTierDroppedFromALaterVersionFallsBackForExistingCards()
    {
        Assert.Equal("standard", Rules.Ladder.ProductOfCard("discontinued").ProductId);
        Assert.Equal("silver", Rules.Ladder.TierOf("diamond").Name);
        var e = Assert.Throws<DomainException>(() => Rules.Ladder.Product("discontinued"));
        Assert.Equal(ErrorCodes.ProductNotFound, e.Code);
    }
}
