using MemberCard.Abstractions.Campaigns;

namespace MemberCard.Campaigns.Tests;

/// <summary>Campaign definitions and coupons for rule tests.</summary>
internal static class CampaignFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    public static CampaignDefinition Fixed(long amountOff = 1000) => new()
    {
        Name = "Ten off",
        Kind = CouponKinds.Fixed,
        AmountOff = amountOff,
        ValidDaysAfterIssue = 30,
    };

    public static CampaignDefinition Percentage(int percent, long? cap) => new()
    {
        Name = "Percent off",
        Kind = CouponKinds.Percentage,
        PercentOff = percent,
        MaxDiscount = cap,
        ValidDaysAfterIssue = 30,
    };

    public static CampaignView View(CampaignDefinition definition, string status = CampaignStatuses.Active) =>
        new("c1", definition, status, null, 0, Now.AddDays(-1), Now.AddDays(-1));

    public static IssuedCoupon Coupon(string memberId = "m1", DateTimeOffset? from = null, DateTimeOffset? until = null) =>
        new("CODE", "c1", memberId, 1, Now.AddDays(-1), from ?? Now.AddDays(-1), until ?? Now.AddDays(29));
}
