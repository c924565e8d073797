using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Reminders;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MemberCard.Runtime.Tests.Reminders;

public interface ITickCounterGrain : IRemindable
{
    Task StartAsync(TimeSpan due, TimeSpan period);

    Task<IReadOnlyList<string>> TicksAsync();
}

public sealed class TickCounterGrain(IReminderRegistry reminders) : Grain, ITickCounterGrain
{
    private static readonly Dictionary<string, List<string>> Ticks = [];

    public Task StartAsync(TimeSpan due, TimeSpan period) => reminders.RegisterOrUpdateAsync(GrainId, "tick", due, period);

    public Task ReceiveReminderAsync(string reminderName, TickStatus status)
    {
        lock (Ticks)
        {
            if (!Ticks.TryGetValue(GrainId.Key, out var list)) Ticks[GrainId.Key] = list = [];
            list.Add($"{reminderName}@{status.DueTime:HH:mm}");
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> TicksAsync()
    {
        lock (Ticks) return Task.FromResult<IReadOnlyList<string>>(Ticks.TryGetValue(GrainId.Key, out var list) ? [.. list] : []);
    }
}

public sealed class ReminderServiceTests
{
    [Fact]
    public async Task ReminderFiresOncePerPeriodAndCatchesUpMissedPeriodsWithOneTick()
    {
        await using var silo = await StartAsync(new InMemoryReminderTable());
        var clock = (ManualTimeProvider)silo.Services.GetRequiredService<TimeProvider>();
        var service = silo.Services.GetRequiredService<ReminderService>();
        var grain = silo.Grains.GetGrain<ITickCounterGrain>(Guid.NewGuid().ToString("N"));
        await grain.StartAsync(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));

        Assert.Equal(0, await service.FireDueAsync());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await service.FireDueAsync());
        Assert.Equal(0, await service.FireDueAsync());
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await service.FireDueAsync());
        // Down for three periods: one tick, then back on the schedule.
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(1, await service.FireDueAsync());
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, await service.FireDueAsync());

        Assert.Equal(["tick@00:01", "tick@00:06", "tick@00:11", "tick@00:26"], await grain.TicksAsync());
    }

    [Fact]
    public async Task PeriodBelowOneMinuteIsRefusedAsInOrleans()
    {
        await using var silo = await StartAsync(new InMemoryReminderTable());
        var grain = silo.Grains.GetGrain<ITickCounterGrain>("short");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.StartAsync(TimeSpan.Zero, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task EachReminderIsFiredByTheSiloOwningItsRingRangeAndMovesWhenThatSiloLeaves()
    {
        var table = new InMemoryReminderTable();
        await using var silo = await StartAsync(table);
        var clock = (ManualTimeProvider)silo.Services.GetRequiredService<TimeProvider>();
        var keys = Enumerable.Range(0, 40).Select(i => $"r{i}-{Guid.NewGuid():N}").ToList();
        foreach (var key in keys) await silo.Grains.GetGrain<ITickCounterGrain>(key).StartAsync(TimeSpan.Zero, TimeSpan.FromMinutes(1));
        var a = new SiloAddress("10.0.0.1", 1, 1);
        var b = new SiloAddress("10.0.0.2", 1, 1);
        var viewA = new FixedView(a, [a, b]);
        var serviceA = Service(silo, table, viewA);
        var serviceB = Service(silo, table, new FixedView(b, [a, b]));

        var firedA = await serviceA.FireDueAsync();
        var firedB = await serviceB.FireDueAsync();
        Assert.Equal(40, firedA + firedB);
        Assert.True(firedA > 0 && firedB > 0);
        foreach (var key in keys) Assert.Single(await silo.Grains.GetGrain<ITickCounterGrain>(key).TicksAsync());

        // B dies: A's view drops it, and A fires every reminder of the next period.
        viewA.Current = new ClusterSnapshot(2, [a]);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(40, await serviceA.FireDueAsync());
    }

    [Fact]
    public async Task TwoSilosFiringTheSameTickAdvanceTheScheduleOnce()
    {
        var table = new InMemoryReminderTable();
        await using var silo = await StartAsync(table);
        await silo.Grains.GetGrain<ITickCounterGrain>("shared").StartAsync(TimeSpan.Zero, TimeSpan.FromMinutes(1));
        var entry = Assert.Single(await table.ReadDueAsync(DateTimeOffset.MaxValue, 10));

        Assert.True(await table.TryAdvanceAsync(entry, entry.NextDue.AddMinutes(1)));
        Assert.False(await table.TryAdvanceAsync(entry, entry.NextDue.AddMinutes(1)));
        Assert.Equal(entry.NextDue.AddMinutes(1), (await table.ReadAsync(entry.Grain, "tick"))!.NextDue);
    }

    private static ReminderService Service(TestSilo silo, IReminderTable table, IClusterView view) =>
        new(table, silo.Services.GetRequiredService<RemindableGrainTypes>(), silo.Grains, view,
            Options.Create(new ReminderOptions()), silo.Services.GetRequiredService<TimeProvider>(), NullLogger<ReminderService>.Instance);

    private static Task<TestSilo> StartAsync(IReminderTable table) => TestSilo.StartAsync(services =>
    {
        services.AddSingleton(table);
        services.AddMemberCardReminders();
        services.AddGrain<ITickCounterGrain, TickCounterGrain>();
        services.AddRemindable<ITickCounterGrain>();
    });

    private sealed class FixedView(SiloAddress local, SiloAddress[] silos) : IClusterView
    {
        public SiloAddress LocalSilo => local;

        public ClusterSnapshot Current { get; set; } = new(1, silos);

        public event Action<ClusterSnapshot>? Changed { add { } remove { } }
    }
}
