namespace MemberCard.Runtime.Reminders;

/// <summary>
/// One durable reminder row. <see cref="NextDue"/> moves forward by whole periods after each firing;
/// <see cref="ETag"/> makes that move a compare-and-swap, so two silos that both fire it advance it once.
/// </summary>
public sealed record ReminderEntry(GrainId Grain, string Name, DateTimeOffset FirstDue, TimeSpan Period, DateTimeOffset NextDue, long ETag)
{
    /// <summary>The ring position that decides which silo owns the reminder.</summary>
    public uint RingHash => Cluster.StableHash.Of(Grain.ToString());

    /// <summary>The first due time strictly after <paramref name="now"/> on this reminder's schedule.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset now)
    {
        if (NextDue > now) return NextDue;
        var missed = (now - NextDue).Ticks / Period.Ticks + 1;
        return NextDue + TimeSpan.FromTicks(missed * Period.Ticks);
    }
}
