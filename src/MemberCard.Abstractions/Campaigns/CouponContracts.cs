using MemberCard.Runtime;

namespace MemberCard.Abstractions.Campaigns;

/// <summary>
/// One issuance partition of a campaign, keyed <c>campaignId/partition</c>. It scans its slice of the members in
/// key order and commits each batch's coupons together with its checkpoint, so a restart resumes exactly where
/// the last committed batch ended.
/// </summary>
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
public sealed record IssuancePlan(
    string CampaignId, int Partition, int Partitions, CampaignDefinition Definition, long? StockShare, string? AfterKey, string? UpToKey);

/// <summary>A partition's counters.</summary>
public sealed record PartitionProgress(int Partition, bool Running, bool Finished, long Scanned, long Targeted, long Issued,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>
/// An issued coupon, as stored in its code's claim (scope <c>coupon-code</c>) and in the member's coupon log.
/// <see cref="ValidUntil"/> is exclusive.
/// </summary>
public sealed record IssuedCoupon(
    string Code, string CampaignId, string MemberId, int Number, DateTimeOffset IssuedAt, DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil);

/// <summary>
/// The outbox event of one issuance batch (<c>coupons.issued</c>): how many coupons a partition issued for the
/// campaign at that instant. One per batch rather than one per coupon: the coupons themselves are in the member's
/// coupon log and the code claims, and a per-coupon event would add a row to every coupon's write.
/// </summary>
public sealed record CouponsIssued(string CampaignId, int Count, DateTimeOffset IssuedAt);

/// <summary>Coupon states as a member sees them.</summary>
public static class CouponStatuses
{
    public const string Active = "active";
    public const string Used = "used";
    public const string Expired = "expired";
}

/// <summary>A member's coupon with its current state.</summary>
public sealed record MemberCoupon(IssuedCoupon Coupon, string Status, string Kind, string CampaignName, long AmountOff, int PercentOff,
    long? MaxDiscount, string? Gift, long MinimumSpend, DateTimeOffset? UsedAt, string? UsedOrderNo);

/// <summary>The committed fact of a redemption, held in the code's redemption claim (scope <c>coupon</c>).</summary>
public sealed record CouponRedemption(string Code, string CampaignId, string CardNo, string StoreId, string OrderNo, long Discount, DateTimeOffset At);

/// <summary>What a coupon does to an order: the discount (0 for a gift) and the gift handed over.</summary>
public sealed record CouponEffect(string Code, string CampaignId, long Discount, string? Gift);
