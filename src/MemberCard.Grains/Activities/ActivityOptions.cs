namespace MemberCard.Grains.Activities;

/// <summary>Settings of member activities (section "Activities").</summary>
public sealed class ActivityOptions
{
    /// <summary>
    /// Whether a check-in credits its points at once, after its commit; the outbox consumer credits them anyway. Off
    /// only in tests that show the outbox path alone.
    /// </summary>
    public bool AwardAtOnce { get; set; } = true;

    /// <summary>How long a check-in waits for the card before it leaves the points to the outbox.</summary>
    public TimeSpan AwardWait { get; set; } = TimeSpan.FromSeconds(2);
}
