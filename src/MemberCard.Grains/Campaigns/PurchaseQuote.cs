using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Points;
using MemberCard.Grains.Rules;

namespace MemberCard.Grains.Campaigns;

/// <summary>
/// What a purchase would cost, computed exactly as the card's purchase computes it (coupon first, then points on
/// what is left, points earned only on what is paid in money), without changing anything.
/// </summary>
public sealed record PurchaseQuote(
    long Amount, string? CouponCode, long CouponDiscount, string? Gift, long PointsToRedeem, long PointsDiscount, long Discount, long Payable,
    long PointsEarned, long Balance, long Points, int RulesVersion)
{
    /// <summary>The quote, or the error the purchase itself would answer (400 for points worth more than the
    /// order or a card product without points, 409 <c>insufficient_points</c>). Points earned are before the day's
    /// earning cap, which only the card knows.</summary>
    public static PurchaseQuote Compute(
        RuleSet rules, CardView card, string storeId, DateTimeOffset at, long amount, long pointsToRedeem, CouponEffect? coupon)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(card);
        var product = rules.ProductOfCard(card.ProductId);
        if (!product.Points && pointsToRedeem > 0)
            throw DomainException.Invalid("pointsToRedeem", $"Cards of product {product.ProductId} carry no points.");
        if (rules.MaxPointsRedeemedPerOrder > 0 && pointsToRedeem > rules.MaxPointsRedeemedPerOrder)
            throw DomainException.Invalid("pointsToRedeem", $"At most {rules.MaxPointsRedeemedPerOrder} points may be redeemed on one order.");
        var couponDiscount = coupon?.Discount ?? 0;
        var pointsValue = PurchasePricing.PointsValue(rules, amount, pointsToRedeem, couponDiscount);
        if (pointsToRedeem > card.Points) throw new DomainException(ErrorCodes.InsufficientPoints, $"The card has {card.Points} points.");
        var discount = couponDiscount + pointsValue;
        var earned = PurchasePricing.Earned(rules, product, card.Tier, storeId, at, amount - discount, 0).Points;
        return new PurchaseQuote(amount, coupon?.Code, couponDiscount, coupon?.Gift, pointsToRedeem, pointsValue, discount, amount - discount,
            earned, card.Balance, card.Points, rules.Version);
    }
}
