using MemberCard.Abstractions.Campaigns;
using MemberCard.Abstractions.Cards;

namespace MemberCard.Grains.Campaigns.Coupons;

/// <summary>
/// What a card's purchase and refund write about a coupon, in the same transaction as the ledger entry: the
/// redemption claim (the primary key refuses a second one anywhere in the cluster), the campaign's redemption
/// log (exact statistics) and the outbox event for reporting; a full refund releases the claim.
/// </summary>
public static class CouponWrites
{
    /// <summary>Outbox event kinds: one issuance batch (a <see cref="CouponsIssued"/>).</summary>
    public const string Issued = "coupons.issued";

    /// <summary>A coupon was redeemed in a purchase.</summary>
    public const string Redeemed = "coupon.redeemed";

    /// <summary>A full refund gave a coupon back.</summary>
    public const string Restored = "coupon.restored";

    /// <summary>Adds the redemption of the purchase's coupon (nothing when it has none).</summary>
    public static GrainWriteBuilder RedeemCoupon(this GrainWriteBuilder write, CardTransaction purchase)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (purchase.Type != TransactionTypes.Purchase || RedemptionOf(purchase) is not { } redemption) return write;
        return write.Claim(CouponKeys.Redemption(redemption.Code), redemption)
            .Append(CouponKeys.RedemptionsLog(redemption.CampaignId), redemption)
            .Publish(Redeemed, redemption);
    }

    /// <summary>Adds the restoration of a refunded purchase's coupon when the refund restores it.</summary>
    public static GrainWriteBuilder RestoreCoupon(this GrainWriteBuilder write, CardTransaction refund)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (refund.Type != TransactionTypes.Refund || !refund.CouponRestored || RedemptionOf(refund) is not { } redemption) return write;
        return write.Release(CouponKeys.Redemption(redemption.Code))
            .Append(CouponKeys.RestorationsLog(redemption.CampaignId), redemption)
            .Publish(Restored, redemption);
    }

    private static CouponRedemption? RedemptionOf(CardTransaction t) =>
        t.CouponCode is { } code && t.CouponCampaignId is { } campaign
            ? new CouponRedemption(code, campaign, t.CardNo, t.StoreId, t.OrderNo ?? "", t.CouponDiscount, t.CreatedAt)
            : null;
}
