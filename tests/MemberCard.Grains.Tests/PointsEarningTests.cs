using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Points;
using MemberCard.Grains.Rules;

namespace MemberCard.Grains.Tests;

public sealed class PointsEarningTests
{
    // 2026-11-25 is a Wednesday, 2026-11-26 a Thursday.
    private static readonly RuleSet WithPromotions = Rules.Ladder with
    {
        Promotions =
        [
            new EarningPromotion("double-wednesday-S001", "S001", null, null, 3, 200),
            new EarningPromotion("singles-week", null, new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 15), null, 300),
        ],
    };

    [Theory]
    [InlineData(10_000, "silver", "S002", 2026, 11, 26, 100)] // ¥100, base rate
    [InlineData(10_099, "silver", "S002", 2026, 11, 26, 100)] // fractions of a point are dropped
    [InlineData(99, "silver", "S002", 2026, 11, 26, 0)]
    [InlineData(10_000, "gold", "S002", 2026, 11, 26, 150)] // tier multiplier ×1.5
    [InlineData(10_000, "silver", "S001", 2026, 11, 25, 200)] // Wednesday at S001: double
    [InlineData(10_000, "silver", "S002", 2026, 11, 25, 100)] // Wednesday elsewhere: base
    [InlineData(10_000, "gold", "S001", 2026, 11, 25, 300)] // tier × promotion
    [InlineData(10_000, "silver", "S002", 2026, 11, 9, 300)] // first day of the date range
    [InlineData(10_000, "silver", "S002", 2026, 11, 15, 300)] // last day of the date range
    [InlineData(10_000, "silver", "S002", 2026, 11, 16, 100)] // the day after
    [InlineData(10_000, "silver", "S001", 2026, 11, 11, 300)] // Wednesday inside the range: best promotion wins, no stacking
    [InlineData(0, "platinum", "S001", 2026, 11, 25, 0)] // nothing paid in money, nothing earned
    public void EarnsByRateTierAndBestPromotion(long paid, string tier, string store, int y, int m, int d, long expected)
    {
        var earned = PointsEarning.Compute(WithPromotions, WithPromotions.TierOf(tier), store, Rules.At(y, m, d), paid, 0);
        Assert.Equal(expected, earned.Points);
    }

    [Theory]
    [InlineData(0, 0, 0, 1000)] // no caps
    [InlineData(300, 0, 0, 300)] // per-order cap
    [InlineData(0, 800, 0, 800)] // per-day cap, nothing earned yet today
    [InlineData(0, 800, 500, 300)] // per-day cap, 500 earned earlier today
    [InlineData(0, 800, 800, 0)] // per-day cap reached
    [InlineData(0, 800, 900, 0)] // over it (the cap was lowered): never negative
    [InlineData(600, 800, 500, 300)] // both: the tighter wins
    public void CapsPerOrderAndPerDay(long perOrder, long perDay, long earnedToday, long expected)
    {
        var rules = Rules.Ladder with { MaxPointsEarnedPerOrder = perOrder, MaxPointsEarnedPerDay = perDay };
        var earned = PointsEarning.Compute(rules, rules.TierOf("silver"), "S001", Rules.At(2026, 11, 26), 100_000, earnedToday);
        Assert.Equal(expected, earned.Points);
    }

    [Fact]
    public void NamesThePromotionThatApplied()
    {
        var earned = PointsEarning.Compute(WithPromotions, WithPromotions.TierOf("silver"), "S001", Rules.At(2026, 11, 25), 10_000, 0);
        Assert.Equal(("double-wednesday-S001", 200), (earned.Promotion, earned.PromotionMultiplierPercent));
    }
}
