using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Campaigns.Coupons;

/// <summary>The claims and logs that hold coupons. Claims make each fact unique cluster-wide; logs list them.</summary>
public static class CouponKeys
{
    /// <summary>Claim scope of issued codes; value: the <c>IssuedCoupon</c>; owner: the issuing partition.</summary>
    public const string CodeScope = "coupon-code";

    /// <summary>Claim scope of redemptions; value: the <c>CouponRedemption</c>; owner: the card that redeemed it.</summary>
    public const string RedemptionScope = "coupon";

    /// <summary>Claim scope of "member m holds coupon n of campaign c"; makes issuance exactly once per member and number.</summary>
    public const string IssueScope = "coupon-issue";

    /// <summary>Directory log of campaigns (one entry per campaign created).</summary>
    public const string CampaignsLog = "campaigns";

    /// <summary>The claim of an issued code.</summary>
    public static ClaimKey Code(string code) => new(CodeScope, code);

    /// <summary>The claim a redemption of <paramref name="code"/> takes.</summary>
    public static ClaimKey Redemption(string code) => new(RedemptionScope, code);

    /// <summary>The claim of the <paramref name="number"/>-th coupon of a campaign for a member.</summary>
    public static ClaimKey Issue(string campaignId, string memberId, int number) => new(IssueScope, $"{campaignId}/{memberId}/{number}");

    /// <summary>Log of a member's coupons.</summary>
    public static string MemberLog(string memberId) => $"coupons:{memberId}";

    /// <summary>Log of a campaign's redemptions.</summary>
    public static string RedemptionsLog(string campaignId) => $"campaign-redemptions:{campaignId}";

    /// <summary>Log of a campaign's restorations (full refunds).</summary>
    public static string RestorationsLog(string campaignId) => $"campaign-restorations:{campaignId}";

    /// <summary>Log of a campaign's uploaded target list.</summary>
    public static string TargetsLog(string campaignId) => $"campaign-targets:{campaignId}";
}
