using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Engagement;
using MemberCard.Runtime.Storage;
using MemberCard.Storage.Streams;
using MemberCard.Testing;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;

namespace MemberCard.Grains.Tests.Engagement;

/// <summary>
/// Birthday gift and churn recall, on a silo with a fake clock; Orleans' reminder service keeps the reminders (in a
/// table that outlives a restart) and the test fires the due ones by hand.
/// </summary>
public sealed class MemberEngagementTests
{
    private static long _phoneSequence;
    private readonly InMemoryGrainStorage _storage;
    private readonly SharedReminderTable _reminders = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public MemberEngagementTests() => _storage = new InMemoryGrainStorage(_clock);

    [Fact]
    public async Task BirthdayGiftIsGrantedOnceOnTheBirthdayEvenAcrossRestartsAndRepeatedTicks()
    {
        await using (var silo = await StartAsync())
        {
            await RegisterAsync(silo, "m1", new DateOnly(1990, 1, 3));
            await ObserveAsync(silo, "member", "m1", 1, "member.registered");
            await FireDaysAsync(silo, 3);
            // The same day's tick again, as after a crash before the schedule advanced.
            await silo.Grains.GetGrain<IMemberEngagementGrain>("m1").ReceiveReminder("care", Tick());
        }
        await using (var restarted = await StartAsync())
        {
            await restarted.Grains.GetGrain<IMemberEngagementGrain>("m1").ReceiveReminder("care", Tick());
            Assert.Equal([2026], (await restarted.Grains.GetGrain<IMemberEngagementGrain>("m1").GetAsync()).GiftedYears);
            await FireDaysAsync(restarted, 365);
        }

        var gifts = Events("engagement.birthday_gift");
        Assert.Equal(2, gifts.Count);
        Assert.Contains("\"year\":2026", gifts[0]);
        Assert.Contains("\"points\":100", gifts[0]);
        Assert.Contains("\"year\":2027", gifts[1]);
    }

    [Fact]
    public async Task BirthdayGiftIsCreditedToTheMembersCardExactlyOnce()
    {
        await using var silo = await StartAsync();
        await RegisterAsync(silo, "m5", new DateOnly(1990, 1, 3));
        var cardNo = (await silo.Grains.GetGrain<IMemberGrain>("m5").IssueCardAsync(new IssueCard())).CardNo;
        await ObserveAsync(silo, "member", "m5", 1, "member.registered");

        await FireDaysAsync(silo, 2);
        // A tick repeated after a crash, and the next day's tick: neither credits again.
        await silo.Grains.GetGrain<IMemberEngagementGrain>("m5").ReceiveReminder("care", Tick());
        await FireDaysAsync(silo, 1);

        var card = silo.Grains.GetGrain<ICardGrain>(cardNo);
        Assert.Equal(100, (await card.GetAsync())!.Points);
        var credit = Assert.Single((await card.ListTransactionsAsync(50, null)).Items, t => t.Type == TransactionTypes.PointsAdjustment);
        Assert.Equal(100, credit.PointsDelta);
        var gift = Assert.Single(Events("engagement.birthday_gift"));
        Assert.Contains($"\"cardNo\":\"{cardNo}\"", gift);
        Assert.Contains($"\"transactionId\":\"{credit.TransactionId}\"", gift);
    }

    [Fact]
    public async Task TheDailyTickExpiresDuePointsOnCardsNobodyUses()
    {
        await using var silo = await StartAsync();
        await RegisterAsync(silo, "m6", null);
        var card = silo.Grains.GetGrain<ICardGrain>((await silo.Grains.GetGrain<IMemberGrain>("m6").IssueCardAsync(new IssueCard())).CardNo);
        await card.AdjustPointsAsync(new AdjustPoints(40, "welcome", new RequestIdentity(null, null, "welcome")));
        await ObserveAsync(silo, "member", "m6", 1, "member.registered");

        // Points earned on 1 January 2026 expire at the end of the 12th month after: 31 January 2027.
        await FireDaysAsync(silo, 390);
        Assert.Equal(40, (await card.GetAsync())!.Points);
        await FireDaysAsync(silo, 10);

        Assert.Equal(0, (await card.GetAsync())!.Points);
        Assert.Single((await card.ListTransactionsAsync(50, null)).Items, t => t.Type == TransactionTypes.PointsExpiry);
    }

    [Fact]
    public async Task GiftPointsFollowTheTierTable()
    {
        await using var silo = await StartAsync(new() { ["Engagement:BirthdayPoints:standard"] = "250" });
        await RegisterAsync(silo, "m2", new DateOnly(1985, 1, 2));
        await ObserveAsync(silo, "member", "m2", 1, "member.registered");
        await FireDaysAsync(silo, 2);

        Assert.Contains("\"points\":250", Assert.Single(Events("engagement.birthday_gift")));
    }

    [Fact]
    public async Task OneRecallPerInactivityPeriod()
    {
        await using var silo = await StartAsync();
        await RegisterAsync(silo, "m3", null);
        await ObserveAsync(silo, "member", "m3", 1, "member.registered");

        await FireDaysAsync(silo, 29);
        Assert.Empty(Events("engagement.recall"));
        await FireDaysAsync(silo, 10);
        Assert.Single(Events("engagement.recall"));

        // Active again: a purchase resets the period; 30 quiet days later, a second recall.
        await ObserveAsync(silo, "card", "c3", 2, "card.purchase");
        await FireDaysAsync(silo, 29);
        Assert.Single(Events("engagement.recall"));
        await FireDaysAsync(silo, 2);
        Assert.Equal(2, Events("engagement.recall").Count);
        await FireDaysAsync(silo, 60);
        Assert.Equal(2, Events("engagement.recall").Count);
    }

    [Fact]
    public async Task ARedeliveredEventIsSkipped()
    {
        await using var silo = await StartAsync();
        await RegisterAsync(silo, "m4", null);
        await ObserveAsync(silo, "member", "m4", 1, "member.registered");
        _clock.Advance(TimeSpan.FromDays(3));
        await ObserveAsync(silo, "card", "c4", 2, "card.purchase");
        var after = await silo.Grains.GetGrain<IMemberEngagementGrain>("m4").GetAsync();
        _clock.Advance(TimeSpan.FromDays(3));

        await ObserveAsync(silo, "card", "c4", 2, "card.purchase");

        var again = await silo.Grains.GetGrain<IMemberEngagementGrain>("m4").GetAsync();
        Assert.Equal(new DateTimeOffset(2026, 1, 4, 0, 0, 0, TimeSpan.Zero), again.LastActivity);
        Assert.Equal(after.LastActivity, again.LastActivity);
    }

    [Fact]
    public async Task PurchasesWithinTheHourCostNoEngagementWrite()
    {
        await using var silo = await StartAsync();
        await RegisterAsync(silo, "m5", null);
        await ObserveAsync(silo, "member", "m5", 1, "member.registered");
        var grain = new MemberCard.Runtime.GrainId("engagement", "m5");
        var version = (await _storage.ReadStateAsync(grain))!.Version;

        // Ten purchases in 30 minutes: inactivity counts in days, so none is worth a write of its own.
        for (var v = 2; v <= 11; v++)
        {
            _clock.Advance(TimeSpan.FromMinutes(3));
            await ObserveAsync(silo, "card", "c5", v, "card.purchase");
        }
        Assert.Equal(version, (await _storage.ReadStateAsync(grain))!.Version);

        _clock.Advance(TimeSpan.FromMinutes(40));
        await ObserveAsync(silo, "card", "c5", 12, "card.purchase");
        Assert.Equal(version + 1, (await _storage.ReadStateAsync(grain))!.Version);
        Assert.Equal(_clock.GetUtcNow(), (await silo.Grains.GetGrain<IMemberEngagementGrain>("m5").GetAsync()).LastActivity);
    }

    private TickStatus Tick() => new(_clock.GetUtcNow().UtcDateTime, TimeSpan.FromDays(1), _clock.GetUtcNow().UtcDateTime);

    private List<string> Events(string kind) => [.. _storage.Outbox.Where(e => e.Event.Kind == kind).Select(e => e.Event.Json)];

    // A day at a time, each day's due reminders fired as Orleans' reminder service would (the care reminder is daily).
    private async Task FireDaysAsync(DomainCluster silo, int days)
    {
        for (var d = 0; d < days; d++)
        {
            _clock.Advance(TimeSpan.FromDays(1));
            await silo.FireDueRemindersAsync();
        }
    }

    private async Task ObserveAsync(DomainCluster silo, string ns, string key, long version, string kind) =>
        await silo.Grains.GetGrain<IMemberEngagementGrain>(ns == "member" ? key : "m" + key[1..])
            .ObserveAsync(new OutboxEvent(ns, key, version, 0, kind, "{}", _clock.GetUtcNow(), 0, version));

    private static Task RegisterAsync(DomainCluster silo, string memberId, DateOnly? birthday) =>
        silo.Grains.GetGrain<IMemberGrain>(memberId).RegisterAsync(new RegisterMember(UniquePhone(), "Han Meimei", birthday, null, "S1"));

    private static string UniquePhone() => $"139{Interlocked.Increment(ref _phoneSequence):D8}";

    private Task<DomainCluster> StartAsync(Dictionary<string, string?>? settings = null) => DomainCluster.StartAsync(new DomainClusterOptions
    {
        Storage = _storage,
        Clock = _clock,
        Settings = settings ?? [],
        Reminders = DomainClusterOptions.RemindersIn(_reminders),
        RemindersFiredByTest = true,
    });
}
