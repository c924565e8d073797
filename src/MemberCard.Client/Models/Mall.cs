namespace MemberCard.Client;

/// <summary>A reward of the points mall (<c>left</c> null: no stock limit).</summary>
public sealed record Reward(
    string RewardId, int Version, string Name, string Kind, string Status, long PointsPrice, string? CampaignId, string? Gift, long BonusAmount,
    DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil, IReadOnlyList<string> Stores, IReadOnlyList<string> Tiers, int? PerMemberLimit,
    int? TotalStock, long Taken, long? Left, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A reward the card's member can exchange now, how many more times (null: no limit), and whether the card has the points.</summary>
public sealed record AvailableReward(Reward Reward, int? MemberLeft, bool Affordable);

/// <summary>Exchange a reward at a store; a gift is picked up there unless <see cref="ShippingAddress"/> is given.</summary>
public sealed record ExchangeRequest(string RewardId, string StoreId, string? ShippingAddress = null);

/// <summary>One step of an order's fulfilment.</summary>
public sealed record MallOrderStep(string Status, DateTimeOffset At, string? By, string? Note);

/// <summary>A points-mall order: what was exchanged, its status and history.</summary>
public sealed record MallOrder(
    string OrderId, string RewardId, int RewardVersion, string RewardName, string Kind, string Status, string CardNo, string StoreId, long Points,
    string? CouponCode, long BonusAmount, string? Gift, string? ShippingAddress, string TransactionId, DateTimeOffset CreatedAt,
    IReadOnlyList<MallOrderStep> History);

/// <summary>The answer of an exchange: the order and the card's points and balance after it.</summary>
public sealed record ExchangeResult(MallOrder Order, string TransactionId, long PointsDelta, long Points, long BonusDelta, long Balance);

/// <summary>The values of <see cref="MallOrder.Status"/>.</summary>
public static class MallOrderStatuses
{
    public const string Ordered = "ordered";
    public const string ReadyForPickup = "ready_for_pickup";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";
}

/// <summary>The note of an order's move (a tracking number, a reason).</summary>
internal sealed record MallOrderMoveBody(string? Note);
