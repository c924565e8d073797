using MemberCard.Abstractions.Cards;

namespace MemberCard.Server.Cards;

/// <summary>Top up a card.</summary>
public sealed record TopUpRequest(long? Amount, string? StoreId);

/// <summary>Pay an order with a card.</summary>
public sealed record PurchaseRequest(string? OrderNo, string? StoreId, long? Amount, long? BalanceAmount, long? PointsToRedeem, string? CouponCode);

/// <summary>Refund (part of) an order.</summary>
public sealed record RefundRequest(string? OrderNo, string? StoreId, long? Amount);

/// <summary>Freeze or unfreeze a card.</summary>
public sealed record CardStatusRequest(string? Reason);

/// <summary>A card.</summary>
public sealed record CardResponse(string CardNo, string MemberId, string Status, long Balance, long Points, string Tier, DateTime CreatedAt)
{
    public static CardResponse From(CardView v) => new(v.CardNo, v.MemberId, v.Status, v.Balance, v.Points, v.Tier, v.CreatedAt.UtcDateTime);
}

/// <summary>The answer to a top-up.</summary>
public sealed record TopUpResponse(string TransactionId, string Type, long Amount, long Bonus, long Balance, long Points, DateTime CreatedAt)
{
    public static TopUpResponse From(CardTransaction t) =>
        new(t.TransactionId, t.Type, t.Amount, t.Bonus, t.Balance, t.Points, t.CreatedAt.UtcDateTime);
}

/// <summary>The answer to a purchase.</summary>
/// <remarks>Additions to v1: <see cref="CouponCode"/>, <see cref="CouponDiscount"/> (part of <see cref="Discount"/>) and <see cref="Gift"/>.</remarks>
public sealed record PurchaseResponse(
    string TransactionId, string Type, string? OrderNo, long Amount, long Discount, long PointsRedeemed, long BalanceCharged,
    long PointsEarned, long Balance, long Points, DateTime CreatedAt, string? CouponCode, long CouponDiscount, string? Gift)
{
    public static PurchaseResponse From(CardTransaction t) => new(t.TransactionId, t.Type, t.OrderNo, t.Amount, t.Discount,
        t.PointsRedeemed, t.BalanceCharged, t.PointsEarned, t.Balance, t.Points, t.CreatedAt.UtcDateTime, t.CouponCode, t.CouponDiscount, t.CouponGift);
}

/// <summary>The answer to a refund. <see cref="PointsRestored"/> (points spent on the order, given back) is an addition to v1.</summary>
public sealed record RefundResponse(
    string TransactionId, string Type, string? OrderNo, long Amount, long BalanceRefunded, long PointsReversed, long PointsRestored,
    long Balance, long Points, DateTime CreatedAt, string? CouponRestored)
{
    public static RefundResponse From(CardTransaction t) => new(t.TransactionId, t.Type, t.OrderNo, t.Amount, t.BalanceRefunded,
        t.PointsReversed, t.PointsRestored, t.Balance, t.Points, t.CreatedAt.UtcDateTime, t.CouponRestored ? t.CouponCode : null);
}

/// <summary>A ledger entry in a card's transaction list.</summary>
public sealed record TransactionItem(
    string TransactionId, string Type, string? OrderNo, long Amount, long BalanceDelta, long PointsDelta, long Balance, long Points,
    string StoreId, DateTime CreatedAt)
{
    public static TransactionItem From(CardTransaction t) => new(t.TransactionId, t.Type, t.OrderNo, t.Amount, t.BalanceDelta,
        t.PointsDelta, t.Balance, t.Points, t.StoreId, t.CreatedAt.UtcDateTime);
}

/// <summary>A page of a list, newest first.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
