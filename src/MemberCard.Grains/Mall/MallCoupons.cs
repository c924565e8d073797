using MemberCard.Abstractions.Campaigns;
using MemberCard.Grains.Campaigns.Coupons;

namespace MemberCard.Grains.Mall;

/// <summary>The coupon a coupon reward issues: a new code of the reward's campaign, valid as the campaign's issuance makes it valid.</summary>
public static class MallCoupons
{
    /// <summary>Number of a coupon the mall issued (issuance numbers its coupons 1..perMemberLimit).</summary>
    public const int MallNumber = 0;

    /// <summary>Whether a campaign's coupons can be redeemed now, so the mall may hand one out.</summary>
    public static bool Redeemable(CampaignView campaign) =>
        campaign.Status is CampaignStatuses.Issuing or CampaignStatuses.Active;

    /// <summary>A fresh coupon of <paramref name="campaign"/> for <paramref name="memberId"/>.</summary>
    public static IssuedCoupon Issue(CampaignView campaign, string memberId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var d = campaign.Definition;
        DateTimeOffset? until = (d.ValidUntil, d.ValidDaysAfterIssue) switch
        {
            (null, null) => null,
            ({ } u, null) => u,
            (null, { } days) => now.AddDays(days),
            ({ } u, { } days) => u < now.AddDays(days) ? u : now.AddDays(days),
        };
        return new IssuedCoupon(CouponCodes.New(), campaign.CampaignId, memberId, MallNumber, now, d.ValidFrom ?? now, until);
    }
}
