using MemberCard.Abstractions.Rules;

namespace MemberCard.Grains.Points;

/// <summary>Points a purchase earns and why (the multipliers that applied).</summary>
public sealed record EarnedPoints(long Points, int TierMultiplierPercent, int PromotionMultiplierPercent, string? Promotion);

/// <summary>
/// The earning rule: paid-in-money × points per yuan × tier multiplier × the best matching promotion, rounded
/// down once at the end; then the per-order cap, then what is left of the per-day cap. Only money earns:
/// the caller passes the order total less what points and coupons took off.
/// </summary>
public static class PointsEarning
{
    /// <summary>Points earned on <paramref name="paidInMoney"/> at <paramref name="storeId"/> and <paramref name="at"/>.</summary>
    public static EarnedPoints Compute(
        RuleSet rules, TierRule tier, string storeId, DateTimeOffset at, long paidInMoney, long earnedTodaySoFar)
    {
        if (paidInMoney <= 0) return new EarnedPoints(0, tier.PointsMultiplierPercent, 100, null);
        var promotion = BestPromotion(rules, storeId, at);
        var promotionPercent = promotion?.MultiplierPercent ?? 100;
        var points = (long)((Int128)paidInMoney * rules.PointsPerYuan * tier.PointsMultiplierPercent * promotionPercent / 1_000_000);
        if (rules.MaxPointsEarnedPerOrder > 0) points = Math.Min(points, rules.MaxPointsEarnedPerOrder);
        if (rules.MaxPointsEarnedPerDay > 0) points = Math.Clamp(rules.MaxPointsEarnedPerDay - earnedTodaySoFar, 0, points);
        return new EarnedPoints(points, tier.PointsMultiplierPercent, promotionPercent, promotion?.Name);
    }

    /// <summary>The matching promotion with the highest multiplier (promotions do not stack), or null.</summary>
    public static EarningPromotion? BestPromotion(RuleSet rules, string storeId, DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var weekday = day.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek;
        return rules.Promotions
            .Where(p => (p.StoreId is null || p.StoreId == storeId)
                && (p.From is null || day >= p.From) && (p.To is null || day <= p.To)
                && (p.Weekday is null || p.Weekday == weekday))
            .OrderByDescending(p => p.MultiplierPercent)
            .FirstOrDefault();
    }
}
