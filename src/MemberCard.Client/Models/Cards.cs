namespace MemberCard.Client;

/// <summary>A stored-value card. Money is in minor units (分 / cents); <c>Principal + BonusBalance = Balance</c>.</summary>
public sealed record Card(
    string CardNo, string MemberId, string Status, long Balance, long Points, string Tier, DateTimeOffset CreatedAt,
    long Principal = 0, long BonusBalance = 0, string? ProductId = null, string? ReplacedBy = null, string? ReplacedFrom = null,
    IReadOnlyList<PointLot>? PointLots = null);

/// <summary>What is left of the points earned at one time, and when they expire (null: never).</summary>
public sealed record PointLot(string LotId, DateTimeOffset EarnedAt, DateTimeOffset? ExpiresAt, long Remaining);

/// <summary>The values of <see cref="Card.Status"/>.</summary>
public static class CardStatuses
{
    public const string Active = "active";
    public const string Frozen = "frozen";
    public const string Closed = "closed";
}

/// <summary>Top up stored value. <paramref name="Amount"/>: 1 … 100000000 minor units.</summary>
public sealed record TopUpRequest(long Amount, string StoreId);

/// <summary>
/// Pay an order. <paramref name="Amount"/> is the order total; <paramref name="BalanceAmount"/> what the member pays from
/// stored value (at most the total less the discount; the rest is paid outside the card). The store's
/// <paramref name="OrderNo"/> identifies the purchase: the same order sent again with the same body is answered, not charged, again.
/// </summary>
public sealed record PurchaseRequest(
    string OrderNo, string StoreId, long Amount, long BalanceAmount, long PointsToRedeem = 0, string? CouponCode = null);

/// <summary>Refund (part of) an order; a null <paramref name="Amount"/> refunds all that is left of it.</summary>
public sealed record RefundRequest(string OrderNo, string StoreId, long? Amount = null);

/// <summary>The answer to a top-up.</summary>
public sealed record TopUpResult(
    string TransactionId, string Type, long Amount, long Bonus, long Balance, long Points, DateTimeOffset CreatedAt,
    long Principal = 0, long BonusBalance = 0, int RulesVersion = 0);

/// <summary>What a top-up of <see cref="Amount"/> would give under the current rules; nothing was changed.</summary>
public sealed record TopUpPreview(
    string CardNo, long Amount, long Bonus, long Balance, long Principal, long BonusBalance, int RulesVersion);

/// <summary>The answer to a purchase.</summary>
public sealed record PurchaseResult(
    string TransactionId, string Type, string? OrderNo, long Amount, long Discount, long PointsRedeemed, long BalanceCharged,
    long PointsEarned, long Balance, long Points, DateTimeOffset CreatedAt, long PrincipalCharged = 0, long BonusCharged = 0,
    int RulesVersion = 0, string? CouponCode = null, long CouponDiscount = 0, string? Gift = null);

/// <summary>The answer to a refund.</summary>
public sealed record RefundResult(
    string TransactionId, string Type, string? OrderNo, long Amount, long BalanceRefunded, long PointsReversed, long PointsRestored,
    long Balance, long Points, DateTimeOffset CreatedAt, long PrincipalRefunded = 0, long BonusRefunded = 0, int RulesVersion = 0,
    string? CouponRestored = null);

/// <summary>
/// An entry of a card's ledger. Over a card's whole history the <see cref="BalanceDelta"/>s add up to its balance and the
/// <see cref="PointsDelta"/>s to its points.
/// </summary>
public sealed record Transaction(
    string TransactionId, string Type, string? OrderNo, long Amount, long BalanceDelta, long PointsDelta, long Balance, long Points,
    string StoreId, DateTimeOffset CreatedAt, long PrincipalDelta = 0, long BonusDelta = 0, long Principal = 0, long BonusBalance = 0,
    int RulesVersion = 0, string? Reason = null, string? RelatedCardNo = null);

internal sealed record CardReasonBody(string? Reason);
