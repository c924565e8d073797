namespace MemberCard.Runtime.Reminders;

/// <summary>
/// Registers durable reminders for grains (Orleans' RegisterOrUpdateReminder). Inject it into a grain and pass the
/// grain's own id; the grain's contract must extend <see cref="IRemindable"/> and be registered with AddRemindable.
/// </summary>
public interface IReminderRegistry
{
    /// <summary>
    /// Creates or replaces the reminder <paramref name="name"/> of <paramref name="grain"/>: first due after
    /// <paramref name="dueTime"/>, then every <paramref name="period"/> (at least <see cref="ReminderOptions.MinimumPeriod"/>).
    /// </summary>
    Task RegisterOrUpdateAsync(GrainId grain, string name, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken = default);

    /// <summary>Removes a reminder.</summary>
    Task UnregisterAsync(GrainId grain, string name, CancellationToken cancellationToken = default);

    /// <summary>A reminder, or null.</summary>
    Task<ReminderEntry?> GetAsync(GrainId grain, string name, CancellationToken cancellationToken = default);
}
