using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Abstractions.Cards;
using MemberCard.Grains.Rules;

namespace MemberCard.Grains.Campaigns;

/// <summary>
/// What a purchase would cost, computed exactly as the card's purchase computes it (coupon first, then points on
/// what is left, points earned only on what is paid in money), without changing anything.
/// </summary>
public sealed record PurchaseQuote(
    long Amount, string? CouponCode, long CouponDiscount, string? Gift, long PointsToRedeem, long PointsDiscount, long Discount, long Payable,
    long PointsEarned, long Balance, long Points)
{
    /// <summary>The quote, or the error the purchase itself would answer (400 for points worth more than the
    /// order, 409 <c>insufficient_points</c>).</summary>
    public static PurchaseQuote Compute(LoyaltyRules rules, CardView card, long amount, long pointsToRedeem, CouponEffect? coupon)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(card);
        var couponDiscount = coupon?.Discount ?? 0;
        var pointsValue = rules.ValueOf(pointsToRedeem);
        if (pointsValue is null || pointsValue > amount - couponDiscount)
            throw DomainException.Invalid("pointsToRedeem", "The points are worth more than the order.");
        if (pointsToRedeem > card.Points) throw new DomainException(ErrorCodes.InsufficientPoints, $"The card has {card.Points} points.");
        var discount = couponDiscount + pointsValue.Value;
        return new PurchaseQuote(amount, coupon?.Code, couponDiscount, coupon?.Gift, pointsToRedeem, pointsValue.Value, discount, amount - discount,
            rules.PointsEarnedOn(amount - discount), card.Balance, card.Points);
    }
}
