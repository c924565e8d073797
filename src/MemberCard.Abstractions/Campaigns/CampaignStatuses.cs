namespace MemberCard.Abstractions.Campaigns;

/// <summary>
/// Campaign lifecycle: draft → scheduled → issuing → active → ended, with paused (from scheduled, issuing or
/// active, back to where it was on resume) and cancelled (from anything not yet ended).
/// </summary>
public static class CampaignStatuses
{
    public const string Draft = "draft";
    public const string Scheduled = "scheduled";
    public const string Issuing = "issuing";
    public const string Active = "active";
    public const string Paused = "paused";
    public const string Ended = "ended";
    public const string Cancelled = "cancelled";

    /// <summary>Whether coupons of a campaign in this state may be redeemed.</summary>
    public static bool Redeemable(string status) => status is Issuing or Active;
}
