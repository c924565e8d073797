namespace MemberCard.Grains.Reporting;

/// <summary>Report settings (configuration section "Reports").</summary>
public sealed class ReportOptions
{
    /// <summary>
    /// The time zone whose calendar days the reports use (an IANA or Windows id). An event counts on the day its
    /// ledger entry was created, in this zone.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";
}
