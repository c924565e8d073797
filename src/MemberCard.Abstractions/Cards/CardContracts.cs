using MemberCard.Abstractions.Access;
using MemberCard.Runtime;

namespace MemberCard.Abstractions.Cards;

/// <summary>
/// A membership card, keyed by card number. Owns balance, points and the card's append-only ledger;
/// every change commits with its ledger entry, idempotency record and outbox event in one transaction.
/// </summary>
public interface ICardGrain : IGrainWithStringKey
{
    /// <summary>Opens the card for a member; <see cref="ErrorCodes.CardExists"/> when the number is taken.</summary>
    Task<CardView> OpenAsync(OpenCard command);

    /// <summary>The card, or null.</summary>
    [ReadOnly]
    Task<CardView?> GetAsync();

    /// <summary>Adds stored value (plus any bonus from the top-up rules).</summary>
    Task<CardTransaction> TopUpAsync(TopUp command);

    /// <summary>Pays an order with balance and/or points.</summary>
    Task<CardTransaction> PurchaseAsync(Purchase command);

    /// <summary>Refunds (part of) an earlier purchase of this card.</summary>
    Task<CardTransaction> RefundAsync(Refund command);

    /// <summary>Freezes the card: top-ups and purchases are refused until unfrozen.</summary>
    Task<CardView> FreezeAsync(ChangeCardStatus command);

    /// <summary>Unfreezes the card.</summary>
    Task<CardView> UnfreezeAsync(ChangeCardStatus command);

    /// <summary>Expires every points lot due as of now, one <c>points_expiry</c> entry per lot; idempotent (a reminder calls it).</summary>
    Task<IReadOnlyList<CardTransaction>> ExpirePointsAsync(ExpirePoints command);

    /// <summary>Adds or removes points by hand (admin), with a reason.</summary>
    Task<CardTransaction> AdjustPointsAsync(AdjustPoints command);

    /// <summary>
    /// Reports the card lost and moves balance, points lots and tier to a new card number; this card is closed.
    /// Idempotent: a repeat answers the same new card.
    /// </summary>
    Task<CardView> ReplaceAsync(ReplaceCard command);

    /// <summary>Receives the balance and lots of a lost card (called by the lost card only).</summary>
    Task<CardView> ReceiveTransferAsync(CardTransfer transfer);

    /// <summary>Closes the card: principal refunded, bonus and points forfeited, one <c>closing</c> entry. Idempotent.</summary>
    Task<CardTransaction> CloseAsync(CloseCard command);

    /// <summary>The card's ledger, newest first.</summary>
    [ReadOnly]
    Task<LedgerPage> ListTransactionsAsync(int limit, LedgerCursor? before);
}

/// <summary>Open a card of product <see cref="ProductId"/> (null: the default product).</summary>
public sealed record OpenCard(string MemberId, string Tier, string? ProductId = null);

/// <summary>Top up <see cref="Amount"/> minor units at a store.</summary>
public sealed record TopUp(long Amount, string StoreId, RequestIdentity Request, AuditActor? Actor = null);

/// <summary>
/// Pay order <see cref="OrderNo"/> of <see cref="Amount"/>: <see cref="PointsToRedeem"/> points take their value
/// off the order, <see cref="BalanceAmount"/> is paid from stored value, the rest outside the card.
/// </summary>
public sealed record Purchase(string OrderNo, string StoreId, long Amount, long BalanceAmount, long PointsToRedeem, RequestIdentity Request, AuditActor? Actor = null)
{
    /// <summary>A coupon to redeem in this purchase (campaigns); its discount comes off before points.</summary>
    public string? CouponCode { get; init; }
}

/// <summary>Refund <see cref="Amount"/> of an order (null: all that is left).</summary>
public sealed record Refund(string OrderNo, string StoreId, long? Amount, RequestIdentity Request, AuditActor? Actor = null);

/// <summary>Freeze or unfreeze, with the reason staff gave.</summary>
public sealed record ChangeCardStatus(string? Reason, AuditActor? Actor = null);

/// <summary>Adjust points by <see cref="Points"/> (negative removes, oldest lots first) for <see cref="Reason"/>.</summary>
public sealed record AdjustPoints(long Points, string Reason, RequestIdentity Request, AuditActor? Actor = null);

/// <summary>Expire due points lots (a reminder passes no actor; staff calls are audited).</summary>
public sealed record ExpirePoints(AuditActor? Actor = null);

/// <summary>Report the card lost and replace it.</summary>
public sealed record ReplaceCard(string? Reason, AuditActor? Actor = null);

/// <summary>Close the card.</summary>
public sealed record CloseCard(string? Reason, AuditActor? Actor = null);

/// <summary>What a lost card hands to its replacement (the lots keep their dates).</summary>
public sealed record CardTransfer(
    string FromCardNo, string MemberId, string ProductId, string Tier, long Principal, long Bonus, IReadOnlyList<PointLot> Lots,
    int RulesVersion, string? Reason);

/// <summary>
/// Points earned together: <see cref="Remaining"/> of them are left, and they expire at <see cref="ExpiresAt"/>
/// (null: never). The lot id is the id of the transaction that created it.
/// </summary>
public sealed record PointLot(string LotId, DateTimeOffset EarnedAt, DateTimeOffset? ExpiresAt, long Remaining);

/// <summary>Points a purchase took from one lot; a refund gives them back to that lot.</summary>
public sealed record PointDraw(string LotId, DateTimeOffset EarnedAt, DateTimeOffset? ExpiresAt, long Points);

/// <summary>Card states.</summary>
public static class CardStatuses
{
    public const string Active = "active";
    public const string Frozen = "frozen";
    public const string Closed = "closed";
}

/// <summary>
/// A card as callers see it. <see cref="Balance"/> = <see cref="Principal"/> + <see cref="BonusBalance"/>.
/// <see cref="ReplacedBy"/> names the new card of a card reported lost.
/// </summary>
public sealed record CardView(
    string CardNo, string MemberId, string Status, long Balance, long Points, string Tier, DateTimeOffset CreatedAt,
    long Principal = 0, long BonusBalance = 0, string ProductId = "", string? ReplacedBy = null, string? ReplacedFrom = null,
    IReadOnlyList<PointLot>? Lots = null);

/// <summary>Ledger entry types.</summary>
public static class TransactionTypes
{
    public const string TopUp = "top_up";
    public const string Purchase = "purchase";
    public const string Refund = "refund";
    public const string PointsExpiry = "points_expiry";
    public const string PointsAdjustment = "points_adjustment";
    public const string TransferOut = "transfer_out";
    public const string TransferIn = "transfer_in";
    public const string Closing = "closing";
}

/// <summary>
/// One ledger entry. Every money or points change is one of these, appended and never edited:
/// the card's balance is the sum of <see cref="BalanceDelta"/>, its points the sum of <see cref="PointsDelta"/>.
/// Fields that do not apply to a type are zero or null. <see cref="BalanceDelta"/> = <see cref="PrincipalDelta"/> +
/// <see cref="BonusDelta"/> always, so liability reports can tell principal (本金) from bonus (赠送金).
/// </summary>
public sealed record CardTransaction
{
    public required string TransactionId { get; init; }
    public required string Type { get; init; }
    public required string CardNo { get; init; }
    public required string StoreId { get; init; }
    public string? OrderNo { get; init; }
    public long Amount { get; init; }
    public long Bonus { get; init; }
    public long Discount { get; init; }
    public long PointsRedeemed { get; init; }
    public long BalanceCharged { get; init; }
    public long PointsEarned { get; init; }
    public long BalanceRefunded { get; init; }
    public long PointsReversed { get; init; }
    public long PointsRestored { get; init; }
    public long BalanceDelta { get; init; }
    public long PointsDelta { get; init; }
    public long PrincipalDelta { get; init; }
    public long BonusDelta { get; init; }
    public long Balance { get; init; }
    public long Principal { get; init; }
    public long BonusBalance { get; init; }
    public long Points { get; init; }
    public int RulesVersion { get; init; }
    public string? Reason { get; init; }
    public string? RelatedCardNo { get; init; }
    public IReadOnlyList<PointDraw>? PointsDrawn { get; init; }
    /// <summary>The coupon redeemed by a purchase (or given back by a refund); null when none.</summary>
    public string? CouponCode { get; init; }
    /// <summary>The campaign of <see cref="CouponCode"/>.</summary>
    public string? CouponCampaignId { get; init; }
    /// <summary>What the coupon took off the purchase (part of <see cref="Discount"/>).</summary>
    public long CouponDiscount { get; init; }
    /// <summary>The gift a gift coupon handed over.</summary>
    public string? CouponGift { get; init; }
    /// <summary>On a refund: this refund completed the order and gave its coupon back.</summary>
    public bool CouponRestored { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Where a ledger page starts (exclusive).</summary>
public sealed record LedgerCursor(long Version, int Index);

/// <summary>A page of ledger entries, newest first, and the cursor of the next page (null at the end).</summary>
public sealed record LedgerPage(IReadOnlyList<CardTransaction> Items, LedgerCursor? Next);
