namespace MemberCard.Grains.Tiers;

/// <summary>Settings of tiers (section "Tiers").</summary>
public sealed class TierOptions
{
    /// <summary>
    /// How long a purchase or refund waits for the member's answer to its tier report before it answers the till; the
    /// card then learns a new tier on its next call (docs/rules.md, "Tiers").
    /// </summary>
    public TimeSpan ReportWait { get; set; } = TimeSpan.FromSeconds(1);
}
