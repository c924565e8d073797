namespace MemberCard.Runtime.Reminders;

/// <summary>Reminder settings.</summary>
public sealed class ReminderOptions
{
    /// <summary>The shortest period allowed (Orleans: 1 minute).</summary>
    public TimeSpan MinimumPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each silo looks for due reminders in the table.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most reminders read per poll.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Whether this silo fires reminders.</summary>
    public bool Enabled { get; set; } = true;
}
