using MemberCard.Abstractions.Rules;

namespace MemberCard.Grains.Rules;

/// <summary>
/// The seed rules (section "Rules" of appsettings): what the rules catalog serves as its first version until
/// an admin publishes another (<see cref="ToRuleSet"/>). After that the catalog's stored versions rule.
/// </summary>
public sealed class LoyaltyRules
{
    /// <summary>Bumped whenever any rule changes.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Points earned per yuan (100 minor units) paid in money; fractions are dropped.</summary>
    public long PointsPerYuan { get; set; } = 1;

    /// <summary>Minor units one point takes off an order when redeemed.</summary>
    public long PointValue { get; set; } = 1;

    /// <summary>Highest balance a card may reach through top-ups (minor units).</summary>
    public long BalanceCap { get; set; } = 500_000;

    /// <summary>Top-up bonus steps (充100送20): the highest step whose minimum the top-up reaches applies.</summary>
    public TopUpBonusStep[] TopUpBonus { get; set; } = [];

    /// <summary>The first (entry) tier of the seed ladder.</summary>
    public string DefaultTier { get; set; } = "standard";

    /// <summary>Points expire at the end of this many months after the month earned (0: never).</summary>
    public int PointsExpiryMonths { get; set; } = 12;

    /// <summary>The seed rule set: one tier, one card product carrying everything.</summary>
    public RuleSet ToRuleSet() => new()
    {
        Version = Version,
        PointsPerYuan = PointsPerYuan,
        PointValue = PointValue,
        PointsExpiryMonths = PointsExpiryMonths,
        Tiers = [new TierRule(DefaultTier, 0, 0, 100)],
        DefaultProduct = "standard",
        Products =
        [
            new CardProduct("standard", "Standard card", StoredValue: true, Points: true, Tiers: true, BalanceCap,
                [.. TopUpBonus.Select(s => new BonusStep(s.MinAmount, s.Bonus))]),
        ],
    };
}

/// <summary>A top-up of at least <see cref="MinAmount"/> earns <see cref="Bonus"/> (minor units).</summary>
public sealed class TopUpBonusStep
{
    public long MinAmount { get; set; }

    public long Bonus { get; set; }
}
