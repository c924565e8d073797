namespace MemberCard.Client;

/// <summary>A member's coupon.</summary>
public sealed record Coupon(
    string Code, string CampaignId, string CampaignName, string Status, string Kind, long AmountOff, int PercentOff, long? MaxDiscount,
    string? Gift, long MinimumSpend, DateTimeOffset IssuedAt, DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil, DateTimeOffset? UsedAt,
    string? UsedOrderNo);

/// <summary>The values of <see cref="Coupon.Status"/>, also the filter of <see cref="CouponsClient.ListForMemberAsync"/>.</summary>
public static class CouponStatuses
{
    public const string Active = "active";
    public const string Used = "used";
    public const string Expired = "expired";
}

/// <summary>Ask what a purchase would cost with a coupon and points (<c>POST /api/v1/cards/{cardNo}/quotes</c>); nothing changes.</summary>
public sealed record QuoteRequest(string StoreId, long Amount, long PointsToRedeem = 0, string? CouponCode = null);

/// <summary>What a purchase would cost; nothing was changed.</summary>
public sealed record Quote(
    long Amount, string? CouponCode, long CouponDiscount, string? Gift, long PointsToRedeem, long PointsDiscount, long Discount, long Payable,
    long PointsEarned, long Balance, long Points, int RulesVersion = 0);
