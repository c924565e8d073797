namespace MemberCard.Grains;

/// <summary>Orleans reminders as the grains use them: set (capped first due time) and cleared by name.</summary>
internal static class Reminders
{
    /// <summary>
    /// The furthest first due time a reminder is given: Orleans arms a .NET timer for it, and those take at most about
    /// 49.7 days. A reminder meant for later fires at the cap and the grain sets it again from what is then left.
    /// </summary>
    public static readonly TimeSpan MaxDue = TimeSpan.FromDays(30);

    /// <summary>Registers (or moves) the grain's reminder <paramref name="name"/>.</summary>
    public static Task SetReminderAsync(this Grain grain, string name, TimeSpan due, TimeSpan period) =>
        grain.RegisterOrUpdateReminder(name, due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxDue ? MaxDue : due, period);

    /// <summary>Removes the grain's reminder <paramref name="name"/> when it has one.</summary>
    public static async Task ClearReminderAsync(this Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder) await grain.UnregisterReminder(reminder);
    }

    /// <summary>Whether the grain has a reminder <paramref name="name"/>.</summary>
    public static async Task<bool> HasReminderAsync(this Grain grain, string name) => await grain.GetReminder(name) is not null;
}
