namespace MemberCard.Abstractions.Campaigns;

/// <summary>Kinds of coupon a campaign issues.</summary>
public static class CouponKinds
{
    /// <summary>A fixed amount off the order (never more than the order).</summary>
    public const string Fixed = "fixed";

    /// <summary>A percentage off the order, optionally capped.</summary>
    public const string Percentage = "percentage";

    /// <summary>A gift handed over at the till; takes nothing off the amount.</summary>
    public const string Gift = "gift";
}

/// <summary>
/// What a campaign gives and under which rules. Money in minor units; <see cref="PercentOff"/> in whole percent
/// (1–100); <see cref="MaxDiscount"/> caps a percentage coupon (null: no cap).
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.CampaignDefinition")]
public sealed record CampaignDefinition
{
    /// <summary>Display name.</summary>
    [Id(0)]
    public required string Name { get; init; }

    /// <summary>One of <see cref="CouponKinds"/>.</summary>
    [Id(1)]
    public required string Kind { get; init; }

    /// <summary>Amount off, for fixed coupons.</summary>
    [Id(2)]
    public long AmountOff { get; init; }

    /// <summary>Percent off, for percentage coupons.</summary>
    [Id(3)]
    public int PercentOff { get; init; }

    /// <summary>Cap of a percentage coupon's discount; null for none.</summary>
    [Id(4)]
    public long? MaxDiscount { get; init; }

    /// <summary>What the member receives, for gift coupons.</summary>
    [Id(5)]
    public string? Gift { get; init; }

    /// <summary>The order total must be at least this much.</summary>
    [Id(6)]
    public long MinimumSpend { get; init; }

    /// <summary>Stores where the coupon may be used; empty means every store.</summary>
    [Id(7)]
    public IReadOnlyList<string> ValidStores { get; init; } = [];

    /// <summary>Start of validity (absolute); null: from issue.</summary>
    [Id(8)]
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>End of validity (absolute, exclusive); null when <see cref="ValidDaysAfterIssue"/> is used.</summary>
    [Id(9)]
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>Validity relative to issue: the coupon expires this many days after it was issued.</summary>
    [Id(10)]
    public int? ValidDaysAfterIssue { get; init; }

    /// <summary>Coupons each targeted member receives (and may therefore use) in this campaign.</summary>
    [Id(11)]
    public int PerMemberLimit { get; init; } = 1;

    /// <summary>At most this many coupons are issued (null: no limit).</summary>
    [Id(12)]
    public long? TotalStock { get; init; }

    /// <summary>At most this much discount may ever be given: issuance stops when one more coupon's largest possible
    /// discount would pass it (null: no budget). Counting the worst case keeps the limit exact without a shared counter.</summary>
    [Id(13)]
    public long? Budget { get; init; }

    /// <summary>Whether the coupon may be combined with paying in points on the same order.</summary>
    [Id(14)]
    public bool StacksWithPoints { get; init; }

    /// <summary>Who receives coupons.</summary>
    [Id(15)]
    public SegmentDefinition Segment { get; init; } = new();

    /// <summary>Issuance partitions (each a grain the cluster places on some silo).</summary>
    [Id(16)]
    public int Partitions { get; init; } = 4;

    /// <summary>Issue at most this many coupons per second across all partitions (0: as fast as storage allows).</summary>
    [Id(17)]
    public int RatePerSecond { get; init; }

    /// <summary>The largest discount one coupon can give (the unit of the budget); null when unbounded. Not stored.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long? LargestDiscount => Kind switch
    {
        CouponKinds.Fixed => AmountOff,
        CouponKinds.Percentage => MaxDiscount,
        _ => 0,
    };
}

/// <summary>
/// Which members a campaign targets. Every given condition must hold; none given means every member. With
/// <see cref="UploadedList"/> only members of the uploaded list (CSV of member ids or phones) are targeted, and the
/// other conditions still filter them.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.SegmentDefinition")]
public sealed record SegmentDefinition
{
    /// <summary>Member tiers (any of).</summary>
    [Id(0)]
    public IReadOnlyList<string> Tiers { get; init; } = [];

    /// <summary>Member tags (any of).</summary>
    [Id(1)]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Registering stores (any of).</summary>
    [Id(2)]
    public IReadOnlyList<string> Stores { get; init; } = [];

    /// <summary>Birthday month (1–12).</summary>
    [Id(3)]
    public int? BirthdayMonth { get; init; }

    /// <summary>No activity for at least this many days (last activity, or registration when there was none).</summary>
    [Id(4)]
    public int? InactiveDays { get; init; }

    /// <summary>Target only the uploaded list.</summary>
    [Id(5)]
    public bool UploadedList { get; init; }
}
