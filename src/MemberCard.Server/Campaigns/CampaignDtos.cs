using System.ComponentModel.DataAnnotations;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Cards;
using MemberCard.Grains.Campaigns;
using MemberCard.Grains.Campaigns.Coupons;

namespace MemberCard.Server.Campaigns;

/// <summary>Create a campaign. Money in minor units; validity absolute (<c>validUntil</c>) or relative (<c>validDaysAfterIssue</c>).</summary>
/// <remarks>
/// A <c>fixed</c> coupon needs <c>amountOff</c> ≥ 1, a <c>percentage</c> one <c>percentOff</c> 1–100 (and <c>maxDiscount</c>
/// when it has a <c>budget</c>), a <c>gift</c> one <c>gift</c> (at most 200 characters). Give <c>validUntil</c> or
/// <c>validDaysAfterIssue</c>. Defaults: <c>perMemberLimit</c> 1, <c>partitions</c> 4, <c>ratePerSecond</c> 0 (unthrottled).
/// </remarks>
public sealed record CreateCampaignRequest(
    [property: Required, StringLength(200, MinimumLength = 1)] string? Name,
    [property: Required, AllowedValues(CouponKinds.Fixed, CouponKinds.Percentage, CouponKinds.Gift)] string? Kind,
    long? AmountOff, int? PercentOff, [property: Range(typeof(long), "1", "9223372036854775807")] long? MaxDiscount,
    [property: StringLength(200)] string? Gift, [property: Range(typeof(long), "0", "9223372036854775807")] long? MinimumSpend,
    [property: MaxLength(1000)] IReadOnlyList<string>? ValidStores, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil,
    [property: Range(1, 3660)] int? ValidDaysAfterIssue, [property: Range(1, 100)] int? PerMemberLimit,
    [property: Range(typeof(long), "1", "9223372036854775807")] long? TotalStock,
    [property: Range(typeof(long), "1", "9223372036854775807")] long? Budget, bool? StacksWithPoints, SegmentRequest? Segment,
    [property: Range(1, CampaignDefinitionRules.MaxPartitions)] int? Partitions, [property: Range(0, int.MaxValue)] int? RatePerSecond)
{
    /// <summary>The grain's definition (validated by the grain).</summary>
    public CampaignDefinition ToDefinition() => new()
    {
        Name = Name ?? "",
        Kind = Kind ?? "",
        AmountOff = AmountOff ?? 0,
        PercentOff = PercentOff ?? 0,
        MaxDiscount = MaxDiscount,
        Gift = Gift,
        MinimumSpend = MinimumSpend ?? 0,
        ValidStores = ValidStores ?? [],
        ValidFrom = ValidFrom,
        ValidUntil = ValidUntil,
        ValidDaysAfterIssue = ValidDaysAfterIssue,
        PerMemberLimit = PerMemberLimit ?? 1,
        TotalStock = TotalStock,
        Budget = Budget,
        StacksWithPoints = StacksWithPoints ?? false,
        Segment = Segment?.ToDefinition() ?? new SegmentDefinition(),
        Partitions = Partitions ?? 4,
        RatePerSecond = RatePerSecond ?? 0,
    };
}

/// <summary>Who a campaign targets.</summary>
public sealed record SegmentRequest(
    IReadOnlyList<string>? Tiers, IReadOnlyList<string>? Tags, IReadOnlyList<string>? Stores, [property: Range(1, 12)] int? BirthdayMonth,
    [property: Range(1, int.MaxValue)] int? InactiveDays, bool? UploadedList)
{
    /// <summary>The grain's segment.</summary>
    public SegmentDefinition ToDefinition() => new()
    {
        Tiers = Tiers ?? [],
        Tags = Tags ?? [],
        Stores = Stores ?? [],
        BirthdayMonth = BirthdayMonth,
        InactiveDays = InactiveDays,
        UploadedList = UploadedList ?? false,
    };
}

/// <summary>Schedule a campaign's issuance.</summary>
/// <remarks><c>at</c> must be in the future.</remarks>
public sealed record ScheduleCampaignRequest([property: Required] DateTimeOffset? At);

/// <summary>A campaign.</summary>
public sealed record CampaignResponse(
    string CampaignId, [property: AllowedValues(CampaignStatuses.Draft, CampaignStatuses.Scheduled, CampaignStatuses.Issuing,
        CampaignStatuses.Active, CampaignStatuses.Paused, CampaignStatuses.Ended, CampaignStatuses.Cancelled)] string Status,
    string Name, [property: AllowedValues(CouponKinds.Fixed, CouponKinds.Percentage, CouponKinds.Gift)] string Kind, long AmountOff, int PercentOff, long? MaxDiscount, string? Gift,
    long MinimumSpend, IReadOnlyList<string> ValidStores, DateTime? ValidFrom, DateTime? ValidUntil, int? ValidDaysAfterIssue,
    int PerMemberLimit, long? TotalStock, long? Budget, bool StacksWithPoints, SegmentDefinition Segment, int Partitions, int RatePerSecond,
    DateTime? IssueAt, long TargetListSize, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>From the grain's view.</summary>
    public static CampaignResponse From(CampaignView v)
    {
        var d = v.Definition;
        return new(v.CampaignId, v.Status, d.Name, d.Kind, d.AmountOff, d.PercentOff, d.MaxDiscount, d.Gift, d.MinimumSpend, d.ValidStores,
            d.ValidFrom?.UtcDateTime, d.ValidUntil?.UtcDateTime, d.ValidDaysAfterIssue, d.PerMemberLimit, d.TotalStock, d.Budget,
            d.StacksWithPoints, d.Segment, d.Partitions, d.RatePerSecond, v.IssueAt?.UtcDateTime, v.TargetListSize, v.CreatedAt.UtcDateTime,
            v.UpdatedAt.UtcDateTime);
    }
}

/// <summary>Issuance progress. <c>rate</c> in coupons per second; <c>etaSeconds</c> null when unknown.</summary>
public sealed record CampaignProgressResponse(
    string CampaignId, [property: AllowedValues(CampaignStatuses.Draft, CampaignStatuses.Scheduled, CampaignStatuses.Issuing,
        CampaignStatuses.Active, CampaignStatuses.Paused, CampaignStatuses.Ended, CampaignStatuses.Cancelled)] string State, long Scanned, long Targeted, long Issued, int PartitionsDone, int Partitions, double Rate,
    double? EtaSeconds, DateTime? StartedAt, DateTime? FinishedAt)
{
    /// <summary>From the grain's progress.</summary>
    public static CampaignProgressResponse From(CampaignProgress p) => new(p.CampaignId, p.Status, p.Scanned, p.Targeted, p.Issued,
        p.PartitionsDone, p.Partitions, Math.Round(p.Rate, 1), p.EtaSeconds is { } eta ? Math.Round(eta, 1) : null, p.StartedAt?.UtcDateTime,
        p.FinishedAt?.UtcDateTime);
}

/// <summary>Campaign statistics from committed redemptions and restorations.</summary>
public sealed record CampaignStatsResponse(
    string CampaignId, long Issued, long Redeemed, double RedemptionRate, long TotalDiscount, IReadOnlyList<StoreCouponStats> PerStore)
{
    /// <summary>From the coupon book's statistics.</summary>
    public static CampaignStatsResponse From(CampaignStats s) =>
        new(s.CampaignId, s.Issued, s.Redeemed, Math.Round(s.RedemptionRate, 6), s.TotalDiscount, s.PerStore);
}

/// <summary>The outcome of a target-list upload.</summary>
public sealed record CampaignTargetsResponse(long Added, long Rejected, long TargetListSize);

/// <summary>A member's coupon.</summary>
public sealed record CouponResponse(
    string Code, string CampaignId, string CampaignName,
    [property: AllowedValues(CouponStatuses.Active, CouponStatuses.Used, CouponStatuses.Expired)] string Status,
    [property: AllowedValues(CouponKinds.Fixed, CouponKinds.Percentage, CouponKinds.Gift)] string Kind, long AmountOff, int PercentOff, long? MaxDiscount,
    string? Gift, long MinimumSpend, DateTime IssuedAt, DateTime ValidFrom, DateTime? ValidUntil, DateTime? UsedAt, string? UsedOrderNo)
{
    /// <summary>From the coupon book's entry.</summary>
    public static CouponResponse From(MemberCoupon c) => new(c.Coupon.Code, c.Coupon.CampaignId, c.CampaignName, c.Status, c.Kind,
        c.AmountOff, c.PercentOff, c.MaxDiscount, c.Gift, c.MinimumSpend, c.Coupon.IssuedAt.UtcDateTime, c.Coupon.ValidFrom.UtcDateTime,
        c.Coupon.ValidUntil?.UtcDateTime, c.UsedAt?.UtcDateTime, c.UsedOrderNo);
}

/// <summary>A member's coupons.</summary>
public sealed record CouponListResponse(IReadOnlyList<CouponResponse> Items, string? NextCursor);

/// <summary>Ask what a purchase would cost.</summary>
public sealed record QuoteRequest(
    [property: Required, RegularExpression(Identifiers.StoreIdPattern)] string? StoreId,
    [property: Required, Range(1, CardEndpoints.MaxOrderAmount)] long? Amount,
    [property: Range(typeof(long), "0", "9223372036854775807")] long? PointsToRedeem,
    [property: StringLength(CardEndpoints.MaxCouponCode)] string? CouponCode);

/// <summary>What a purchase would cost; nothing was changed.</summary>
public sealed record QuoteResponse(
    long Amount, string? CouponCode, long CouponDiscount, string? Gift, long PointsToRedeem, long PointsDiscount, long Discount, long Payable,
    long PointsEarned, long Balance, long Points, int RulesVersion)
{
    /// <summary>From the computed quote.</summary>
    public static QuoteResponse From(PurchaseQuote q) => new(q.Amount, q.CouponCode, q.CouponDiscount, q.Gift, q.PointsToRedeem,
        q.PointsDiscount, q.Discount, q.Payable, q.PointsEarned, q.Balance, q.Points, q.RulesVersion);
}
