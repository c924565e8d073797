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

    /// <summary>The card's ledger, newest first.</summary>
    [ReadOnly]
    Task<LedgerPage> ListTransactionsAsync(int limit, LedgerCursor? before);
}

/// <summary>Open a card for a member.</summary>
public sealed record OpenCard(string MemberId, string Tier);

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

/// <summary>Card states.</summary>
public static class CardStatuses
{
    public const string Active = "active";
    public const string Frozen = "frozen";
}

/// <summary>A card as callers see it.</summary>
public sealed record CardView(string CardNo, string MemberId, string Status, long Balance, long Points, string Tier, DateTimeOffset CreatedAt);

/// <summary>Ledger entry types.</summary>
public static class TransactionTypes
{
    public const string TopUp = "top_up";
    public const string Purchase = "purchase";
    public const string Refund = "refund";
}

/// <summary>
/// One ledger entry. Every money or points change is one of these, appended and never edited:
/// the card's balance is the sum of <see cref="BalanceDelta"/>, its points the sum of <see cref="PointsDelta"/>.
/// Fields that do not apply to a type are zero or null.
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
    public long Balance { get; init; }
    public long Points { get; init; }
    public int RulesVersion { get; init; }
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
