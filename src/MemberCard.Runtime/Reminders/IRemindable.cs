namespace MemberCard.Runtime.Reminders;

/// <summary>
/// A grain that receives durable reminders (Orleans' IRemindable). A grain contract that extends this interface and
/// is registered with <c>AddRemindable&lt;T&gt;()</c> can register reminders through <see cref="IReminderRegistry"/>.
/// </summary>
public interface IRemindable : IGrainWithStringKey
{
    /// <summary>A reminder is due. Fires at least once per period; a tick may repeat after a crash, so be idempotent.</summary>
    Task ReceiveReminderAsync(string reminderName, TickStatus status);
}

/// <summary>What a tick knows about its schedule.</summary>
public sealed record TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset DueTime, DateTimeOffset CurrentTickTime);
