using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MemberCard.Abstractions.Cards;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Members;

namespace MemberCard.Server.Cards;

/// <summary>What the document says of a tier.</summary>
internal static class TierText
{
    public const string Description = "One of the rule set's tier names (GET /api/v1/rules): rules define them, so they are not a fixed list.";
}

/// <summary>Top up a card.</summary>
public sealed record TopUpRequest(
    [property: Required, Range(1, CardEndpoints.MaxTopUp)] long? Amount,
    [property: Required, RegularExpression(Identifiers.StoreIdPattern)] string? StoreId);

/// <summary>Pay an order with a card.</summary>
/// <remarks><c>balanceAmount</c> (default 0) may not exceed <c>amount</c> minus the discount; <c>pointsToRedeem</c> defaults to 0.</remarks>
public sealed record PurchaseRequest(
    [property: Required, StringLength(CardEndpoints.MaxOrderNo, MinimumLength = 1)] string? OrderNo,
    [property: Required, RegularExpression(Identifiers.StoreIdPattern)] string? StoreId,
    [property: Required, Range(1, CardEndpoints.MaxOrderAmount)] long? Amount,
    [property: Range(0, CardEndpoints.MaxOrderAmount)] long? BalanceAmount,
    [property: Range(typeof(long), "0", "9223372036854775807")] long? PointsToRedeem,
    [property: StringLength(CardEndpoints.MaxCouponCode)] string? CouponCode);

/// <summary>Refund (part of) an order.</summary>
/// <remarks><c>amount</c> omitted: all that is left of the order.</remarks>
public sealed record RefundRequest(
    [property: Required, StringLength(CardEndpoints.MaxOrderNo, MinimumLength = 1)] string? OrderNo,
    [property: Required, RegularExpression(Identifiers.StoreIdPattern)] string? StoreId,
    [property: Range(1, CardEndpoints.MaxOrderAmount)] long? Amount);

/// <summary>Freeze or unfreeze a card.</summary>
public sealed record CardStatusRequest([property: StringLength(CardEndpoints.MaxReason)] string? Reason);

/// <summary>
/// A card. Additions to v1: <see cref="Principal"/> + <see cref="BonusBalance"/> = balance, the product, the
/// replacement links of a card reported lost, and the points lots (soonest-expiring first).
/// </summary>
public sealed record CardResponse(
    string CardNo, string MemberId, [property: AllowedValues(CardStatuses.Active, CardStatuses.Frozen, CardStatuses.Closed)] string Status, long Balance, long Points,
    [property: Description(TierText.Description)] string Tier, DateTime CreatedAt,
    long Principal, long BonusBalance, string ProductId, string? ReplacedBy, string? ReplacedFrom, IReadOnlyList<PointLotItem> PointLots)
{
    public static CardResponse From(CardView v) => new(v.CardNo, v.MemberId, v.Status, v.Balance, v.Points, v.Tier, v.CreatedAt.UtcDateTime,
        v.Principal, v.BonusBalance, v.ProductId, v.ReplacedBy, v.ReplacedFrom,
        [.. MemberCard.Grains.Points.PointLots.InSpendingOrder(v.Lots ?? []).Select(PointLotItem.From)]);
}

/// <summary>A points lot: what is left of the points earned at one time, and when they expire (null: never).</summary>
public sealed record PointLotItem(string LotId, DateTime EarnedAt, DateTime? ExpiresAt, long Remaining)
{
    public static PointLotItem From(PointLot l) => new(l.LotId, l.EarnedAt.UtcDateTime, l.ExpiresAt?.UtcDateTime, l.Remaining);
}

/// <summary>Issue a card (the body is optional; no product: the rule set's default product).</summary>
public sealed record IssueCardRequest([property: StringLength(MemberEndpoints.MaxProductId)] string? ProductId);

/// <summary>Report a card lost and replace it, or close it.</summary>
public sealed record CardLifecycleRequest([property: StringLength(CardEndpoints.MaxReason)] string? Reason);

/// <summary>Adjust a card's points by hand: positive adds a lot, negative takes from the oldest lots.</summary>
/// <remarks><c>points</c> may not be 0.</remarks>
public sealed record PointsAdjustmentRequest(
    [property: Required, Range(-CardLifecycleEndpoints.MaxAdjustment, CardLifecycleEndpoints.MaxAdjustment)] long? Points,
    [property: Required, StringLength(CardEndpoints.MaxReason, MinimumLength = 1)] string? Reason);

/// <summary>The answer to a top-up.</summary>
public sealed record TopUpResponse(
    string TransactionId, [property: AllowedValues(TransactionTypes.TopUp)] string Type, long Amount, long Bonus, long Balance, long Points,
    DateTime CreatedAt, long Principal, long BonusBalance, int RulesVersion)
{
    public static TopUpResponse From(CardTransaction t) =>
        new(t.TransactionId, t.Type, t.Amount, t.Bonus, t.Balance, t.Points, t.CreatedAt.UtcDateTime, t.Principal, t.BonusBalance, t.RulesVersion);
}

/// <summary>The answer to a purchase.</summary>
/// <remarks>Additions to v1: <see cref="CouponCode"/>, <see cref="CouponDiscount"/> (part of <see cref="Discount"/>) and <see cref="Gift"/>.</remarks>
public sealed record PurchaseResponse(
    string TransactionId, [property: AllowedValues(TransactionTypes.Purchase)] string Type, string? OrderNo, long Amount, long Discount, long PointsRedeemed, long BalanceCharged,
    long PointsEarned, long Balance, long Points, DateTime CreatedAt, long PrincipalCharged, long BonusCharged, int RulesVersion,
    string? CouponCode, long CouponDiscount, string? Gift)
{
    public static PurchaseResponse From(CardTransaction t) => new(t.TransactionId, t.Type, t.OrderNo, t.Amount, t.Discount,
        t.PointsRedeemed, t.BalanceCharged, t.PointsEarned, t.Balance, t.Points, t.CreatedAt.UtcDateTime, -t.PrincipalDelta, -t.BonusDelta,
        t.RulesVersion, t.CouponCode, t.CouponDiscount, t.CouponGift);
}

/// <summary>The answer to a refund. <see cref="PointsRestored"/> (points spent on the order, given back) is an addition to v1.</summary>
public sealed record RefundResponse(
    string TransactionId, [property: AllowedValues(TransactionTypes.Refund)] string Type, string? OrderNo, long Amount, long BalanceRefunded, long PointsReversed, long PointsRestored,
    long Balance, long Points, DateTime CreatedAt, long PrincipalRefunded, long BonusRefunded, int RulesVersion, string? CouponRestored)
{
    public static RefundResponse From(CardTransaction t) => new(t.TransactionId, t.Type, t.OrderNo, t.Amount, t.BalanceRefunded,
        t.PointsReversed, t.PointsRestored, t.Balance, t.Points, t.CreatedAt.UtcDateTime, t.PrincipalDelta, t.BonusDelta, t.RulesVersion,
        t.CouponRestored ? t.CouponCode : null);
}

/// <summary>
/// A ledger entry in a card's transaction list. Additions to v1: the principal/bonus split of the balance change
/// and of the balance, the rules version that produced the entry, its reason and the other card of a transfer.
/// </summary>
public sealed record TransactionItem(
    string TransactionId,
    [property: AllowedValues(TransactionTypes.TopUp, TransactionTypes.Purchase, TransactionTypes.Refund, TransactionTypes.PointsExpiry,
        TransactionTypes.PointsAdjustment, TransactionTypes.TransferOut, TransactionTypes.TransferIn, TransactionTypes.Closing,
        TransactionTypes.MallExchange, TransactionTypes.MallCancellation)] string Type,
    string? OrderNo, long Amount, long BalanceDelta, long PointsDelta, long Balance, long Points,
    string StoreId, DateTime CreatedAt, long PrincipalDelta, long BonusDelta, long Principal, long BonusBalance, int RulesVersion,
    string? Reason, string? RelatedCardNo)
{
    public static TransactionItem From(CardTransaction t) => new(t.TransactionId, t.Type, t.OrderNo, t.Amount, t.BalanceDelta,
        t.PointsDelta, t.Balance, t.Points, t.StoreId, t.CreatedAt.UtcDateTime, t.PrincipalDelta, t.BonusDelta, t.Principal, t.BonusBalance,
        t.RulesVersion, t.Reason, t.RelatedCardNo);
}

/// <summary>A page of a list, newest first.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
