namespace MemberCard.Grains.Engagement;

/// <summary>Birthday gifts and churn recall (configuration section "Engagement").</summary>
public sealed class EngagementOptions
{
    /// <summary>The time zone whose calendar decides "today is the birthday".</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Birthday gift in points per tier; a tier not listed gets <see cref="DefaultBirthdayPoints"/>.</summary>
    public Dictionary<string, long> BirthdayPoints { get; set; } = [];

    /// <summary>Birthday gift in points for tiers not in <see cref="BirthdayPoints"/>.</summary>
    public long DefaultBirthdayPoints { get; set; } = 100;

    /// <summary>A member with no purchase or top-up for this many days gets one recall message.</summary>
    public int InactiveDays { get; set; } = 30;

    /// <summary>How often each member's care reminder fires (the birthday and inactivity check).</summary>
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromDays(1);
}
