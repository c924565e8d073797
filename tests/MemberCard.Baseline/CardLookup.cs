using MemberCard.Baseline.Endpoints;

namespace MemberCard.Baseline;

/// <summary>The card row as read under its lock.</summary>
public sealed record CardRow(string Status, long Balance, long Points);

/// <summary>A purchase on the card and what its refunds have given back so far.</summary>
public sealed record PaidOrder(long Amount, long BalanceCharged, long PointsRedeemed, long PointsEarned, long RefundedSoFar);

/// <summary>
/// What a money-moving request looks up under the card's lock: the card, the store, the earlier answer to its
/// Idempotency-Key, and either the order number it claims (purchase) or the order it refunds.
/// </summary>
public sealed record CardLookup(string CardNo, string StoreId, RequestIdentity Identity)
{
    public string? ClaimedOrderNo { get; init; }
    public string? RefundedOrderNo { get; init; }
}
