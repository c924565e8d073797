using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;

namespace MemberCard.Grains.Campaigns;

/// <summary>Everything a coupon's validity depends on at the till.</summary>
/// <param name="Coupon">The issued coupon.</param>
/// <param name="Campaign">Its campaign.</param>
/// <param name="MemberId">The member paying (the card's owner).</param>
/// <param name="StoreId">The store of the order.</param>
/// <param name="Amount">The order total.</param>
/// <param name="PointsToRedeem">Points the order also pays with (stacking).</param>
/// <param name="Now">The till's moment, from the silo clock.</param>
/// <param name="AlreadyRedeemed">Whether a redemption of this code is committed.</param>
public sealed record CouponCheck(
    IssuedCoupon Coupon, CampaignView Campaign, string MemberId, string StoreId, long Amount, long PointsToRedeem, DateTimeOffset Now,
    bool AlreadyRedeemed);

/// <summary>
/// Decides whether a coupon applies to an order and what it takes off. Pure: the card grain and the quote endpoint
/// call it with facts they read; the exactly-once guarantee itself is the redemption claim committed with the
/// purchase, not this check.
/// </summary>
public static class CouponRules
{
    /// <summary>The coupon's effect on the order, or a <see cref="DomainException"/> with the coupon error code.</summary>
    public static CouponEffect Evaluate(CouponCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var coupon = check.Coupon;
        var definition = check.Campaign.Definition;
        // Someone else's code is answered as unknown, so codes cannot be probed through another member's card.
        if (coupon.MemberId != check.MemberId) throw NotFound();
        if (check.AlreadyRedeemed) throw AlreadyRedeemed();
        switch (check.Campaign.Status)
        {
            case CampaignStatuses.Ended:
                throw Expired("The campaign has ended.");
            case CampaignStatuses.Cancelled:
                throw NotApplicable("The campaign was cancelled.");
            case var status when !CampaignStatuses.Redeemable(status):
                throw NotApplicable($"The campaign is {status}.");
        }
        if (check.Now < coupon.ValidFrom) throw NotApplicable($"The coupon is valid from {coupon.ValidFrom:O}.");
        if (coupon.ValidUntil is { } until && check.Now >= until) throw Expired($"The coupon expired at {until:O}.");
        if (definition.ValidStores.Count > 0 && !definition.ValidStores.Contains(check.StoreId))
            throw NotApplicable($"The coupon is not valid at store {check.StoreId}.");
        if (check.Amount < definition.MinimumSpend)
            throw NotApplicable($"The coupon needs an order of at least {definition.MinimumSpend}.");
        if (check.PointsToRedeem > 0 && !definition.StacksWithPoints)
            throw NotApplicable("The coupon cannot be combined with paying in points.");
        return new CouponEffect(coupon.Code, coupon.CampaignId, DiscountOf(definition, check.Amount), definition.Kind == CouponKinds.Gift ? definition.Gift : null);
    }

    /// <summary>What the coupon takes off an order of <paramref name="amount"/>: never more than the order, a
    /// percentage rounded down and capped, nothing for a gift.</summary>
    public static long DiscountOf(CampaignDefinition definition, long amount)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Kind switch
        {
            CouponKinds.Fixed => Math.Min(definition.AmountOff, amount),
            CouponKinds.Percentage => Math.Min((long)((Int128)amount * definition.PercentOff / 100), definition.MaxDiscount ?? long.MaxValue),
            _ => 0,
        };
    }

    /// <summary>404 <c>coupon_not_found</c>.</summary>
    public static DomainException NotFound() => new(ErrorCodes.CouponNotFound, "No such coupon for this member.");

    /// <summary>409 <c>coupon_already_redeemed</c>.</summary>
    public static DomainException AlreadyRedeemed() => new(ErrorCodes.CouponAlreadyRedeemed, "The coupon was already redeemed.");

    private static DomainException Expired(string message) => new(ErrorCodes.CouponExpired, message);

    private static DomainException NotApplicable(string message) => new(ErrorCodes.CouponNotApplicable, message);
}
