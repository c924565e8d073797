using MemberCard.Abstractions.Rules;

namespace MemberCard.Grains.Tests;

/// <summary>Rule sets the tests build on: a three-step ladder, one product, no promotions.</summary>
internal static class Rules
{
    public static readonly RuleSet Ladder = new()
    {
        Version = 7,
        PointsPerYuan = 1,
        PointValue = 1,
        Tiers =
        [
            new TierRule("silver", 0, 0, 100),
            new TierRule("gold", 500_000, 5, 150),
            new TierRule("platinum", 2_000_000, 10, 200),
        ],
        Products = [new CardProduct("standard", "Standard", true, true, true, 500_000, [new BonusStep(10_000, 2_000), new BonusStep(50_000, 12_000)])],
    };

    public static DateTimeOffset At(int year, int month, int day, int hour = 12) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);
}
