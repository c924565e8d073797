using MemberCard.Abstractions;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Rules;

namespace MemberCard.Grains.Points;

/// <summary>
/// The price rules a purchase and its quote share, so the two cannot drift apart: the coupon comes off first,
/// points pay from what is left, and points are earned only on what is paid in money.
/// </summary>
public static class PurchasePricing
{
    /// <summary>What <paramref name="pointsToRedeem"/> are worth; 400 when worth more than the coupon left to pay.</summary>
    public static long PointsValue(RuleSet rules, long amount, long pointsToRedeem, long couponDiscount)
    {
        var value = rules.ValueOf(pointsToRedeem);
        if (value is null || value > amount - couponDiscount)
            throw DomainException.Invalid("pointsToRedeem", "The points are worth more than the order.");
        return value.Value;
    }

    /// <summary>Points earned on <paramref name="paidInMoney"/> by a card of <paramref name="product"/> at <paramref name="tier"/>.</summary>
    public static EarnedPoints Earned(
        RuleSet rules, CardProduct product, string tier, string storeId, DateTimeOffset at, long paidInMoney, long earnedToday)
    {
        if (!product.Points) return new EarnedPoints(0, 100, 100, null);
        var tierRule = product.Tiers ? rules.TierOf(tier) : new TierRule(tier, 0, 0, 100);
        return PointsEarning.Compute(rules, tierRule, storeId, at, paidInMoney, earnedToday);
    }
}
