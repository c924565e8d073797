using MemberCard.Runtime;
using MemberCard.Runtime.Reminders;
using MemberCard.Testing;

namespace MemberCard.Storage.Tests;

/// <summary>The SQL reminder table on each provider, sharing the stream store tests' database set-up.</summary>
public abstract class ReminderTableContractTests : StreamQueueStoreContractTests
{
    [StorageFact]
    public async Task RemindersAreDurableDueInOrderAndAdvancedByCompareAndSwap()
    {
        var table = new SqlReminderTable(Database);
        var a = new GrainId("member", "a");
        var b = new GrainId("member", "b");
        await table.UpsertAsync(a, "care", T0.AddMinutes(2), TimeSpan.FromDays(1));
        await table.UpsertAsync(b, "care", T0.AddMinutes(1), TimeSpan.FromMinutes(5));
        await table.UpsertAsync(b, "other", T0.AddHours(1), TimeSpan.FromMinutes(5));

        var due = await table.ReadDueAsync(T0.AddMinutes(2), 10);
        Assert.Equal([b, a], due.Select(e => e.Grain));
        Assert.Equal((TimeSpan.FromMinutes(5), T0.AddMinutes(1), 1L), (due[0].Period, due[0].NextDue, due[0].ETag));

        Assert.True(await table.TryAdvanceAsync(due[0], due[0].NextAfter(T0.AddMinutes(2))));
        Assert.False(await table.TryAdvanceAsync(due[0], T0.AddDays(9)));
        // A new table object on the same database (a restarted silo) sees the advanced schedule.
        var reopened = new SqlReminderTable(Database);
        Assert.Equal(T0.AddMinutes(6), (await reopened.ReadAsync(b, "care"))!.NextDue);

        await table.UpsertAsync(a, "care", T0.AddMinutes(30), TimeSpan.FromDays(1));
        Assert.Equal((T0.AddMinutes(30), 2L), ((await table.ReadAsync(a, "care"))!.NextDue, (await table.ReadAsync(a, "care"))!.ETag));
        Assert.True(await table.DeleteAsync(a, "care"));
        Assert.False(await table.DeleteAsync(a, "care"));
        Assert.Null(await table.ReadAsync(a, "care"));
    }
}
