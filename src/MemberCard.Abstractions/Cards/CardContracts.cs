using MemberCard.Abstractions.Access;

namespace MemberCard.Abstractions.Cards;

/// <summary>
/// A membership card, keyed by card number. Owns balance, points and the card's append-only ledger;
/// every change commits with its ledger entry, idempotency record and outbox event in one transaction.
/// </summary>
[Alias("mc.ICardGrain")]
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

    /// <summary>
    /// Decides the top-ups and purchases in order, each exactly as its own call would (its replay, refusal or
    /// transaction), and commits all that succeeded in one write (docs/architecture.md, "A hot card"). The front
    /// door sends what waits behind a running call to the card this way.
    /// </summary>
    Task<IReadOnlyList<CardWriteOutcome>> ExecuteBatchAsync(IReadOnlyList<CardWrite> writes);

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

/// <summary>One request of a batch: a top-up or a purchase (exactly one is set).</summary>
[GenerateSerializer, Immutable, Alias("mc.CardWrite")]
public sealed record CardWrite([property: Id(0)] TopUp? TopUp = null, [property: Id(1)] Purchase? Purchase = null)
{
    /// <summary>Makes this request's own call on <paramref name="card"/>.</summary>
    public Task<CardTransaction> RunOn(ICardGrain card) => this switch
    {
        { TopUp: { } topUp } => card.TopUpAsync(topUp),
        { Purchase: { } purchase } => card.PurchaseAsync(purchase),
        _ => throw DomainException.Invalid("write", "A batched write is a top-up or a purchase."),
    };
}

/// <summary>What one request of a batch got: its transaction, or the refusal its own call would have thrown.</summary>
[GenerateSerializer, Immutable, Alias("mc.CardWriteOutcome")]
public sealed record CardWriteOutcome([property: Id(0)] CardTransaction? Transaction, [property: Id(1)] DomainException? Refusal = null);

/// <summary>Open a card of product <see cref="ProductId"/> (null: the default product).</summary>
[GenerateSerializer, Immutable, Alias("mc.OpenCard")]
public sealed record OpenCard([property: Id(0)] string MemberId, [property: Id(1)] string Tier, [property: Id(2)] string? ProductId = null);

/// <summary>Top up <see cref="Amount"/> minor units at a store.</summary>
[GenerateSerializer, Immutable, Alias("mc.TopUp")]
public sealed record TopUp([property: Id(0)] long Amount, [property: Id(1)] string StoreId, [property: Id(2)] RequestIdentity Request, [property: Id(3)] AuditActor? Actor = null)
{
    /// <summary>The member code the till scanned instead of the card number; the top-up consumes it.</summary>
    [Id(4)]
    public string? MemberCode { get; init; }
}

/// <summary>
/// Pay order <see cref="OrderNo"/> of <see cref="Amount"/>: <see cref="PointsToRedeem"/> points take their value
/// off the order, <see cref="BalanceAmount"/> is paid from stored value, the rest outside the card.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.Purchase")]
public sealed record Purchase([property: Id(0)] string OrderNo, [property: Id(1)] string StoreId, [property: Id(2)] long Amount, [property: Id(3)] long BalanceAmount, [property: Id(4)] long PointsToRedeem, [property: Id(5)] RequestIdentity Request, [property: Id(6)] AuditActor? Actor = null)
{
    /// <summary>A coupon to redeem in this purchase (campaigns); its discount comes off before points.</summary>
    [Id(7)]
    public string? CouponCode { get; init; }

    /// <summary>The member code the till scanned instead of the card number; the purchase consumes it.</summary>
    [Id(8)]
    public string? MemberCode { get; init; }
}

/// <summary>Refund <see cref="Amount"/> of an order (null: all that is left).</summary>
[GenerateSerializer, Immutable, Alias("mc.Refund")]
public sealed record Refund([property: Id(0)] string OrderNo, [property: Id(1)] string StoreId, [property: Id(2)] long? Amount, [property: Id(3)] RequestIdentity Request, [property: Id(4)] AuditActor? Actor = null);

/// <summary>Freeze or unfreeze, with the reason staff gave.</summary>
[GenerateSerializer, Immutable, Alias("mc.ChangeCardStatus")]
public sealed record ChangeCardStatus([property: Id(0)] string? Reason, [property: Id(1)] AuditActor? Actor = null);

/// <summary>Adjust points by <see cref="Points"/> (negative removes, oldest lots first) for <see cref="Reason"/>.</summary>
[GenerateSerializer, Immutable, Alias("mc.AdjustPoints")]
public sealed record AdjustPoints([property: Id(0)] long Points, [property: Id(1)] string Reason, [property: Id(2)] RequestIdentity Request, [property: Id(3)] AuditActor? Actor = null);

/// <summary>Expire due points lots (a reminder passes no actor; staff calls are audited).</summary>
[GenerateSerializer, Immutable, Alias("mc.ExpirePoints")]
public sealed record ExpirePoints([property: Id(0)] AuditActor? Actor = null);

/// <summary>Report the card lost and replace it.</summary>
[GenerateSerializer, Immutable, Alias("mc.ReplaceCard")]
public sealed record ReplaceCard([property: Id(0)] string? Reason, [property: Id(1)] AuditActor? Actor = null);

/// <summary>Close the card.</summary>
[GenerateSerializer, Immutable, Alias("mc.CloseCard")]
public sealed record CloseCard([property: Id(0)] string? Reason, [property: Id(1)] AuditActor? Actor = null);

/// <summary>What a lost card hands to its replacement (the lots keep their dates).</summary>
[GenerateSerializer, Immutable, Alias("mc.CardTransfer")]
public sealed record CardTransfer(
    [property: Id(0)] string FromCardNo, [property: Id(1)] string MemberId, [property: Id(2)] string ProductId, [property: Id(3)] string Tier, [property: Id(4)] long Principal, [property: Id(5)] long Bonus, [property: Id(6)] IReadOnlyList<PointLot> Lots,
    [property: Id(7)] int RulesVersion, [property: Id(8)] string? Reason);

/// <summary>
/// Points earned together: <see cref="Remaining"/> of them are left, and they expire at <see cref="ExpiresAt"/>
/// (null: never). The lot id is the id of the transaction that created it.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.PointLot")]
public sealed record PointLot([property: Id(0)] string LotId, [property: Id(1)] DateTimeOffset EarnedAt, [property: Id(2)] DateTimeOffset? ExpiresAt, [property: Id(3)] long Remaining);

/// <summary>Points a purchase took from one lot; a refund gives them back to that lot.</summary>
[GenerateSerializer, Immutable, Alias("mc.PointDraw")]
public sealed record PointDraw([property: Id(0)] string LotId, [property: Id(1)] DateTimeOffset EarnedAt, [property: Id(2)] DateTimeOffset? ExpiresAt, [property: Id(3)] long Points);

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
[GenerateSerializer, Immutable, Alias("mc.CardView")]
public sealed record CardView(
    [property: Id(0)] string CardNo, [property: Id(1)] string MemberId, [property: Id(2)] string Status, [property: Id(3)] long Balance, [property: Id(4)] long Points, [property: Id(5)] string Tier, [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] long Principal = 0, [property: Id(8)] long BonusBalance = 0, [property: Id(9)] string ProductId = "", [property: Id(10)] string? ReplacedBy = null, [property: Id(11)] string? ReplacedFrom = null,
    [property: Id(12)] IReadOnlyList<PointLot>? Lots = null);

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
    public const string MallExchange = "mall_exchange";
    public const string MallCancellation = "mall_cancellation";
}

/// <summary>
/// One ledger entry. Every money or points change is one of these, appended and never edited:
/// the card's balance is the sum of <see cref="BalanceDelta"/>, its points the sum of <see cref="PointsDelta"/>.
/// Fields that do not apply to a type are zero or null. <see cref="BalanceDelta"/> = <see cref="PrincipalDelta"/> +
/// <see cref="BonusDelta"/> always, so liability reports can tell principal (本金) from bonus (赠送金).
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.CardTransaction")]
public sealed record CardTransaction
{
    [Id(0)]
    public required string TransactionId { get; init; }
    [Id(1)]
    public required string Type { get; init; }
    [Id(2)]
    public required string CardNo { get; init; }
    [Id(3)]
    public required string StoreId { get; init; }
    [Id(4)]
    public string? OrderNo { get; init; }
    [Id(5)]
    public long Amount { get; init; }
    [Id(6)]
    public long Bonus { get; init; }
    [Id(7)]
    public long Discount { get; init; }
    [Id(8)]
    public long PointsRedeemed { get; init; }
    [Id(9)]
    public long BalanceCharged { get; init; }
    [Id(10)]
    public long PointsEarned { get; init; }
    [Id(11)]
    public long BalanceRefunded { get; init; }
    [Id(12)]
    public long PointsReversed { get; init; }
    [Id(13)]
    public long PointsRestored { get; init; }
    [Id(14)]
    public long BalanceDelta { get; init; }
    [Id(15)]
    public long PointsDelta { get; init; }
    [Id(16)]
    public long PrincipalDelta { get; init; }
    [Id(17)]
    public long BonusDelta { get; init; }
    [Id(18)]
    public long Balance { get; init; }
    [Id(19)]
    public long Principal { get; init; }
    [Id(20)]
    public long BonusBalance { get; init; }
    [Id(21)]
    public long Points { get; init; }
    [Id(22)]
    public int RulesVersion { get; init; }
    [Id(23)]
    public string? Reason { get; init; }
    [Id(24)]
    public string? RelatedCardNo { get; init; }
    [Id(25)]
    public IReadOnlyList<PointDraw>? PointsDrawn { get; init; }
    /// <summary>The coupon redeemed by a purchase (or given back by a refund); null when none.</summary>
    [Id(26)]
    public string? CouponCode { get; init; }
    /// <summary>The campaign of <see cref="CouponCode"/>.</summary>
    [Id(27)]
    public string? CouponCampaignId { get; init; }
    /// <summary>What the coupon took off the purchase (part of <see cref="Discount"/>).</summary>
    [Id(28)]
    public long CouponDiscount { get; init; }
    /// <summary>The gift a gift coupon handed over.</summary>
    [Id(29)]
    public string? CouponGift { get; init; }
    /// <summary>On a refund: this refund completed the order and gave its coupon back.</summary>
    [Id(30)]
    public bool CouponRestored { get; init; }
    [Id(31)]
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The points-mall reward a <c>mall_exchange</c> paid for (or a <c>mall_cancellation</c> gave back).</summary>
    [Id(32)]
    public string? RewardId { get; init; }
    /// <summary>The reward's version the exchange paid.</summary>
    [Id(33)]
    public int? RewardVersion { get; init; }
    /// <summary>The points-mall order of a <c>mall_exchange</c> or <c>mall_cancellation</c>.</summary>
    [Id(34)]
    public string? MallOrderId { get; init; }
}

/// <summary>Where a ledger page starts (exclusive).</summary>
[GenerateSerializer, Immutable, Alias("mc.LedgerCursor")]
public sealed record LedgerCursor([property: Id(0)] long Version, [property: Id(1)] int Index);

/// <summary>A page of ledger entries, newest first, and the cursor of the next page (null at the end).</summary>
[GenerateSerializer, Immutable, Alias("mc.LedgerPage")]
public sealed record LedgerPage([property: Id(0)] IReadOnlyList<CardTransaction> Items, [property: Id(1)] LedgerCursor? Next);
