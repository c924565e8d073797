namespace MemberCard.Storage.Orleans.Tests.Reminders;

[Alias("tests.IPingReminderGrain")]
public interface IPingReminderGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task StartAsync(TimeSpan period);
}

/// <summary>Counts its reminder ticks in a process-wide table (the activation may be collected between ticks).</summary>
[GrainType("tests.ping-reminder")]
public sealed class PingReminderGrain : Grain, IPingReminderGrain, IRemindable
{
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Ticks = new();

    public Task StartAsync(TimeSpan period) => this.RegisterOrUpdateReminder("ping", period, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
