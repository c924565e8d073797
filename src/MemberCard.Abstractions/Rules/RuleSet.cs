namespace MemberCard.Abstractions.Rules;

/// <summary>
/// One version of every business rule: card products, earning, expiry, redemption and the tier ladder.
/// Rule sets are immutable; publishing a change creates the next <see cref="Version"/>, and each ledger entry
/// records the version that produced it (see docs/rules.md). Limits of 0 mean "no limit".
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.RuleSet")]
public sealed record RuleSet
{
    /// <summary>Version number, assigned on publish (1 is the seed from configuration).</summary>
    [Id(0)]
    public int Version { get; init; }

    /// <summary>When this version was published (null for the configuration seed).</summary>
    [Id(1)]
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>Points earned per yuan (100 minor units) paid in money, before multipliers.</summary>
    [Id(2)]
    public long PointsPerYuan { get; init; } = 1;

    /// <summary>Minor units one redeemed point takes off an order.</summary>
    [Id(3)]
    public long PointValue { get; init; } = 1;

    /// <summary>Most points one order may redeem (0: no cap).</summary>
    [Id(4)]
    public long MaxPointsRedeemedPerOrder { get; init; }

    /// <summary>Most points one order may earn (0: no cap).</summary>
    [Id(5)]
    public long MaxPointsEarnedPerOrder { get; init; }

    /// <summary>Most points a card may earn per UTC day (0: no cap).</summary>
    [Id(6)]
    public long MaxPointsEarnedPerDay { get; init; }

    /// <summary>Earning promotions; the best matching one applies (they do not stack).</summary>
    [Id(7)]
    public IReadOnlyList<EarningPromotion> Promotions { get; init; } = [];

    /// <summary>Points expire at the end of the Nth calendar month (UTC) after the month they were earned in (0: never).</summary>
    [Id(8)]
    public int PointsExpiryMonths { get; init; } = 12;

    /// <summary>What tier thresholds measure over the rolling 12 months: <c>spend</c> (minor units paid in money) or <c>points</c> (earned).</summary>
    [Id(9)]
    public string TierMeasure { get; init; } = TierMeasures.Spend;

    /// <summary>What the yearly tier review does: <c>none</c>, <c>one_step</c> (down at most one tier) or <c>recompute</c>.</summary>
    [Id(10)]
    public string DowngradePolicy { get; init; } = DowngradePolicies.OneStep;

    /// <summary>The tier ladder, lowest first; the first tier (threshold 0) is where members start.</summary>
    [Id(11)]
    public IReadOnlyList<TierRule> Tiers { get; init; } = [];

    /// <summary>Product of cards issued without naming one.</summary>
    [Id(12)]
    public string DefaultProduct { get; init; } = "standard";

    /// <summary>Card products.</summary>
    [Id(13)]
    public IReadOnlyList<CardProduct> Products { get; init; } = [];
}

/// <summary>
/// Extra earning for purchases that match every condition given (null conditions match all):
/// a store, a date range (inclusive, UTC dates), an ISO weekday (1 = Monday … 7 = Sunday).
/// <see cref="MultiplierPercent"/> 200 doubles the points.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.EarningPromotion")]
public sealed record EarningPromotion([property: Id(0)] string Name, [property: Id(1)] string? StoreId, [property: Id(2)] DateOnly? From, [property: Id(3)] DateOnly? To, [property: Id(4)] int? Weekday, [property: Id(5)] int MultiplierPercent);

/// <summary>
/// A tier: reached when the rolling 12-month measure is at least <see cref="Threshold"/>.
/// <see cref="DiscountPercent"/> is the member price (5 = 5 % off) the POS applies;
/// <see cref="PointsMultiplierPercent"/> scales earning (150 = ×1.5).
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.TierRule")]
public sealed record TierRule([property: Id(0)] string Name, [property: Id(1)] long Threshold, [property: Id(2)] int DiscountPercent, [property: Id(3)] int PointsMultiplierPercent);

/// <summary>
/// What a card is: which features it carries, its balance cap (e.g. ¥5,000 named, ¥1,000 anonymous),
/// its top-up bonus table (充100送20) and where bonus money may pay (<see cref="BonusStores"/> null: everywhere,
/// empty: nowhere).
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.CardProduct")]
public sealed record CardProduct(
    [property: Id(0)] string ProductId, [property: Id(1)] string Name, [property: Id(2)] bool StoredValue, [property: Id(3)] bool Points, [property: Id(4)] bool Tiers, [property: Id(5)] long BalanceCap,
    [property: Id(6)] IReadOnlyList<BonusStep> TopUpBonus, [property: Id(7)] IReadOnlyList<string>? BonusStores = null);

/// <summary>A top-up of at least <see cref="MinAmount"/> earns <see cref="Bonus"/>; the highest step reached applies.</summary>
[GenerateSerializer, Immutable, Alias("mc.BonusStep")]
public sealed record BonusStep([property: Id(0)] long MinAmount, [property: Id(1)] long Bonus);

/// <summary>Values of <see cref="RuleSet.TierMeasure"/>.</summary>
public static class TierMeasures
{
    public const string Spend = "spend";
    public const string Points = "points";
}

/// <summary>Values of <see cref="RuleSet.DowngradePolicy"/>.</summary>
public static class DowngradePolicies
{
    public const string None = "none";
    public const string OneStep = "one_step";
    public const string Recompute = "recompute";
}
