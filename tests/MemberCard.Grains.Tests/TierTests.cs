using MemberCard.Abstractions.Members;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Tiers;

namespace MemberCard.Grains.Tests;

public sealed class TierTests
{
    [Theory]
    [InlineData(0, "silver")]
    [InlineData(499_999, "silver")]
    [InlineData(500_000, "gold")]
    [InlineData(1_999_999, "gold")]
    [InlineData(2_000_000, "platinum")]
    [InlineData(-5, "silver")]
    public void ThresholdsAreInclusive(long measure, string tier) => Assert.Equal(tier, TierLadder.Earned(Rules.Ladder, measure));

    [Theory]
    [InlineData("silver", 500_000, "gold")] // upgrade at once
    [InlineData("silver", 2_500_000, "platinum")] // may skip a step
    [InlineData("platinum", 0, "platinum")] // activity never downgrades
    [InlineData("gold", 499_999, "gold")]
    [InlineData("retired", 10, "silver")] // a tier dropped from the ladder is replaced by the earned tier
    [InlineData("retired", 600_000, "gold")]
    public void ActivityOnlyUpgrades(string current, long measure, string expected) =>
        Assert.Equal(expected, TierLadder.AfterActivity(Rules.Ladder, current, measure));

    [Theory]
    [InlineData(DowngradePolicies.OneStep, "platinum", 0, "gold")]
    [InlineData(DowngradePolicies.OneStep, "platinum", 600_000, "gold")]
    [InlineData(DowngradePolicies.OneStep, "platinum", 2_000_000, "platinum")]
    [InlineData(DowngradePolicies.Recompute, "platinum", 0, "silver")]
    [InlineData(DowngradePolicies.Recompute, "platinum", 600_000, "gold")]
    [InlineData(DowngradePolicies.None, "platinum", 0, "platinum")]
    [InlineData(DowngradePolicies.None, "silver", 600_000, "gold")] // a review still upgrades
    [InlineData(DowngradePolicies.OneStep, "silver", 0, "silver")]
    public void YearlyReviewFollowsTheDowngradePolicy(string policy, string current, long measure, string expected) =>
        Assert.Equal(expected, TierLadder.AfterReview(Rules.Ladder with { DowngradePolicy = policy }, current, measure));

    [Theory]
    [InlineData("2027-09-30T23:59:59Z", 1_300)] // every month counts
    [InlineData("2027-10-31T23:59:59Z", 1_300)] // 2026-11 is still the 12th month back
    [InlineData("2027-11-01T00:00:00Z", 1_200)] // 2026-11 left the window
    [InlineData("2027-12-01T00:00:00Z", 1_000)]
    [InlineData("2028-08-31T23:59:59Z", 1_000)]
    [InlineData("2028-09-01T00:00:00Z", 0)]
    public void RollingWindowIsTheCurrentMonthAndTheElevenBefore(string now, long expected)
    {
        var start = DateTimeOffset.Parse("2026-11-15T00:00:00Z");
        IReadOnlyList<MonthActivity> months = [];
        months = RollingMeasure.Add(months, start, 100, 1, start);
        months = RollingMeasure.Add(months, start.AddMonths(1), 200, 2, start.AddMonths(1));
        months = RollingMeasure.Add(months, start.AddMonths(10), 1_000, 10, start.AddMonths(10));
        Assert.Equal(expected, RollingMeasure.Total(months, DateTimeOffset.Parse(now), points: false));
    }

    [Fact]
    public void RefundsReduceTheMeasureButNeverBelowZero()
    {
        var now = Rules.At(2026, 11, 15);
        var months = RollingMeasure.Add([], now, 500, 5, now);
        months = RollingMeasure.Add(months, now, -200, -2, now);
        Assert.Equal((300, 3), (RollingMeasure.Total(months, now, false), RollingMeasure.Total(months, now, true)));
        Assert.Equal(0, RollingMeasure.Total(RollingMeasure.Add(months, now, -1_000, 0, now), now, false));
    }
}
