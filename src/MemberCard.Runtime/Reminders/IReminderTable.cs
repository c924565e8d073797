namespace MemberCard.Runtime.Reminders;

/// <summary>The durable home of reminders (a table in the storage database, or memory in tests).</summary>
public interface IReminderTable
{
    /// <summary>Creates or replaces a reminder (its ETag grows).</summary>
    Task UpsertAsync(GrainId grain, string name, DateTimeOffset firstDue, TimeSpan period, CancellationToken cancellationToken = default);

    /// <summary>Removes a reminder; false when there was none.</summary>
    Task<bool> DeleteAsync(GrainId grain, string name, CancellationToken cancellationToken = default);

    /// <summary>One reminder, or null.</summary>
    Task<ReminderEntry?> ReadAsync(GrainId grain, string name, CancellationToken cancellationToken = default);

    /// <summary>Reminders due at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Moves a fired reminder to <paramref name="nextDue"/> if its ETag is still <see cref="ReminderEntry.ETag"/>.</summary>
    Task<bool> TryAdvanceAsync(ReminderEntry entry, DateTimeOffset nextDue, CancellationToken cancellationToken = default);
}
