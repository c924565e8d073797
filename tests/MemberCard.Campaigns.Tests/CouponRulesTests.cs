using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Grains.Campaigns;
using static MemberCard.Campaigns.Tests.CampaignFixtures;

namespace MemberCard.Campaigns.Tests;

public sealed class CouponRulesTests
{
    public static TheoryData<string, Func<CouponCheck, CouponCheck>, string> Refusals => new()
    {
        { "another member's coupon", c => c with { MemberId = "m2" }, ErrorCodes.CouponNotFound },
        { "already redeemed", c => c with { AlreadyRedeemed = true }, ErrorCodes.CouponAlreadyRedeemed },
        { "campaign ended", c => c with { Campaign = c.Campaign with { Status = CampaignStatuses.Ended } }, ErrorCodes.CouponExpired },
        { "campaign cancelled", c => c with { Campaign = c.Campaign with { Status = CampaignStatuses.Cancelled } }, ErrorCodes.CouponNotApplicable },
        { "campaign paused", c => c with { Campaign = c.Campaign with { Status = CampaignStatuses.Paused } }, ErrorCodes.CouponNotApplicable },
        { "campaign draft", c => c with { Campaign = c.Campaign with { Status = CampaignStatuses.Draft } }, ErrorCodes.CouponNotApplicable },
        { "before validity", c => c with { Coupon = Coupon(from: Now.AddHours(1)) }, ErrorCodes.CouponNotApplicable },
        { "at the end of validity", c => c with { Coupon = Coupon(until: Now) }, ErrorCodes.CouponExpired },
        { "after validity", c => c with { Coupon = Coupon(until: Now.AddSeconds(-1)) }, ErrorCodes.CouponExpired },
        { "wrong store", c => c with { Campaign = View(Fixed() with { ValidStores = ["S002"] }) }, ErrorCodes.CouponNotApplicable },
        { "below minimum spend", c => c with { Campaign = View(Fixed() with { MinimumSpend = 5001 }) }, ErrorCodes.CouponNotApplicable },
        { "with points when not stackable", c => c with { PointsToRedeem = 1 }, ErrorCodes.CouponNotApplicable },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void EachRuleRefusesWithItsCode(string rule, Func<CouponCheck, CouponCheck> change, string code)
    {
        var e = Assert.Throws<DomainException>(() => CouponRules.Evaluate(change(Valid())));
        Assert.True(code == e.Code, $"{rule}: expected {code}, got {e.Code}");
    }

    [Fact]
    public void AValidCouponAppliesAndEachBoundaryIsInclusive()
    {
        Assert.Equal(1000, CouponRules.Evaluate(Valid()).Discount);
        Assert.Equal(1000, CouponRules.Evaluate(Valid() with { Campaign = View(Fixed() with { MinimumSpend = 5000 }) }).Discount);
        Assert.Equal(1000, CouponRules.Evaluate(Valid() with { Coupon = Coupon(from: Now) }).Discount);
        Assert.Equal(1000, CouponRules.Evaluate(Valid() with { Campaign = View(Fixed() with { ValidStores = ["S001", "S002"] }) }).Discount);
        Assert.Equal(1000, CouponRules.Evaluate(Valid() with { Campaign = View(Fixed(), CampaignStatuses.Issuing) }).Discount);
        Assert.Equal(1000, CouponRules.Evaluate(Valid() with { PointsToRedeem = 5, Campaign = View(Fixed() with { StacksWithPoints = true }) }).Discount);
    }

    [Theory]
    [InlineData(CouponKinds.Fixed, 1000, 0, null, 5000, 1000)]
    [InlineData(CouponKinds.Fixed, 1000, 0, null, 600, 600)]
    [InlineData(CouponKinds.Percentage, 0, 15, null, 5000, 750)]
    [InlineData(CouponKinds.Percentage, 0, 15, null, 999, 149)]
    [InlineData(CouponKinds.Percentage, 0, 15, 500L, 5000, 500)]
    [InlineData(CouponKinds.Percentage, 0, 100, null, 5000, 5000)]
    [InlineData(CouponKinds.Gift, 0, 0, null, 5000, 0)]
    public void DiscountIsNeverMoreThanTheOrderAndPercentagesRoundDownAndCap(
        string kind, long amountOff, int percent, long? cap, long amount, long expected)
    {
        var definition = new CampaignDefinition { Name = "x", Kind = kind, AmountOff = amountOff, PercentOff = percent, MaxDiscount = cap, Gift = "Tea" };
        Assert.Equal(expected, CouponRules.DiscountOf(definition, amount));
    }

    [Fact]
    public void AGiftCouponNamesItsGift()
    {
        var gift = new CampaignDefinition { Name = "Tea", Kind = CouponKinds.Gift, Gift = "Green tea", ValidDaysAfterIssue = 3 };
        var effect = CouponRules.Evaluate(Valid() with { Campaign = View(gift) });
        Assert.Equal(("Green tea", 0L), (effect.Gift, effect.Discount));
    }

    private static CouponCheck Valid() => new(Coupon(), View(Fixed()), "m1", "S001", 5000, 0, Now, false);
}
