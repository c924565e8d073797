
namespace MemberCard.Abstractions.Campaigns;

/// <summary>
/// One issuance partition of a campaign, keyed <c>campaignId/partition</c>. It scans its slice of the members in
/// key order and commits each batch's coupons together with its checkpoint, so a restart resumes exactly where
/// the last committed batch ended.
/// </summary>
[Alias("mc.ICouponIssuerGrain")]
public interface ICouponIssuerGrain : IGrainWithStringKey
{
    /// <summary>Starts (or keeps running) issuance with this plan; idempotent.</summary>
    Task StartAsync(IssuancePlan plan);

    /// <summary>Stops issuing until started again (pause or cancel).</summary>
    Task StopAsync();

    /// <summary>Processes one batch now; false when the slice is finished or stopped.</summary>
    Task<bool> RunBatchAsync();

    /// <summary>This partition's progress.</summary>
    [ReadOnly]
    Task<PartitionProgress> GetProgressAsync();
}

/// <summary>
/// What a partition issues and to whom: members with keys after <see cref="AfterKey"/> up to <see cref="UpToKey"/>
/// (null: open end), or, for an uploaded list, the list's chunks whose log id modulo <see cref="Partitions"/> is
/// <see cref="Partition"/>. <see cref="StockShare"/>: at most this many coupons from this partition.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.IssuancePlan")]
public sealed record IssuancePlan(
    [property: Id(0)] string CampaignId, [property: Id(1)] int Partition, [property: Id(2)] int Partitions, [property: Id(3)] CampaignDefinition Definition, [property: Id(4)] long? StockShare, [property: Id(5)] string? AfterKey, [property: Id(6)] string? UpToKey);

/// <summary>A partition's counters.</summary>
[GenerateSerializer, Immutable, Alias("mc.PartitionProgress")]
public sealed record PartitionProgress([property: Id(0)] int Partition, [property: Id(1)] bool Running, [property: Id(2)] bool Finished, [property: Id(3)] long Scanned, [property: Id(4)] long Targeted, [property: Id(5)] long Issued,
    [property: Id(6)] DateTimeOffset? StartedAt, [property: Id(7)] DateTimeOffset? FinishedAt);

/// <summary>
/// An issued coupon, as stored in its code's claim (scope <c>coupon-code</c>) and in the member's coupon log.
/// <see cref="ValidUntil"/> is exclusive.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.IssuedCoupon")]
public sealed record IssuedCoupon(
    [property: Id(0)] string Code, [property: Id(1)] string CampaignId, [property: Id(2)] string MemberId, [property: Id(3)] int Number, [property: Id(4)] DateTimeOffset IssuedAt, [property: Id(5)] DateTimeOffset ValidFrom, [property: Id(6)] DateTimeOffset? ValidUntil);

/// <summary>
/// The outbox event of one issuance batch (<c>coupons.issued</c>): how many coupons a partition issued for the
/// campaign at that instant. One per batch rather than one per coupon: the coupons themselves are in the member's
/// coupon log and the code claims, and a per-coupon event would add a row to every coupon's write.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.CouponsIssued")]
public sealed record CouponsIssued([property: Id(0)] string CampaignId, [property: Id(1)] int Count, [property: Id(2)] DateTimeOffset IssuedAt);

/// <summary>Coupon states as a member sees them.</summary>
public static class CouponStatuses
{
    public const string Active = "active";
    public const string Used = "used";
    public const string Expired = "expired";
}

/// <summary>A member's coupon with its current state.</summary>
[GenerateSerializer, Immutable, Alias("mc.MemberCoupon")]
public sealed record MemberCoupon([property: Id(0)] IssuedCoupon Coupon, [property: Id(1)] string Status, [property: Id(2)] string Kind, [property: Id(3)] string CampaignName, [property: Id(4)] long AmountOff, [property: Id(5)] int PercentOff,
    [property: Id(6)] long? MaxDiscount, [property: Id(7)] string? Gift, [property: Id(8)] long MinimumSpend, [property: Id(9)] DateTimeOffset? UsedAt, [property: Id(10)] string? UsedOrderNo);

/// <summary>The committed fact of a redemption, held in the code's redemption claim (scope <c>coupon</c>).</summary>
[GenerateSerializer, Immutable, Alias("mc.CouponRedemption")]
public sealed record CouponRedemption([property: Id(0)] string Code, [property: Id(1)] string CampaignId, [property: Id(2)] string CardNo, [property: Id(3)] string StoreId, [property: Id(4)] string OrderNo, [property: Id(5)] long Discount, [property: Id(6)] DateTimeOffset At);

/// <summary>What a coupon does to an order: the discount (0 for a gift) and the gift handed over.</summary>
[GenerateSerializer, Immutable, Alias("mc.CouponEffect")]
public sealed record CouponEffect([property: Id(0)] string Code, [property: Id(1)] string CampaignId, [property: Id(2)] long Discount, [property: Id(3)] string? Gift);
