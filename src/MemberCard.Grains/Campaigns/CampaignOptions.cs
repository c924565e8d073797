namespace MemberCard.Grains.Campaigns;

/// <summary>Issuance settings (section "Campaigns").</summary>
public sealed class CampaignOptions
{
    /// <summary>Members a partition reads per batch (one write per batch).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Whether partitions issue on their own timers; tests switch it off and drive batches by hand.</summary>
    public bool AutoRun { get; set; } = true;

    /// <summary>
    /// Period of the durable reminder that wakes a scheduled or issuing campaign (starting it when due, restarting its
    /// partitions after a crash), on whichever silo owns the reminder. Reminders' own minimum period applies.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
