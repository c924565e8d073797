using MemberCard.Abstractions;
using MemberCard.Abstractions.Activities;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MemberCard.Grains.Tests.Activities;

/// <summary>
/// Member activities on the in-process cluster: never beyond capacity under concurrent sign-ups, the waiting list in
/// order, eligibility and windows, one check-in per member, and the points credited once whatever arrives twice.
/// </summary>
public sealed class ActivityTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start.AddDays(-2));
    private readonly InMemoryGrainStorage _storage;
    private int _members;

    public ActivityTests() => _storage = new InMemoryGrainStorage(_clock);

    [Fact]
    public async Task FortyConcurrentSignUpsForFivePlacesSignUpFiveAndWaitlistThree()
    {
        await using var cluster = await StartAsync(silos: 2);
        var activity = await CreateAsync(cluster, capacity: 5, waitlist: 3);
        var members = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => MemberAsync(cluster)));

        // Half the calls enter through the other silo, as tills behind two front doors would.
        var outcomes = await Task.WhenAll(members.Select(async (m, i) =>
        {
            var grains = DomainCluster.GrainsOf(cluster.Silos[i % 2]);
            try
            {
                return (await grains.GetGrain<IActivityGrain>(activity).SignUpAsync(new SignUpForActivity(m))).Status;
            }
            catch (DomainException e)
            {
                return e.Code;
            }
        }));

        Assert.Equal(5, outcomes.Count(o => o == RegistrationStatuses.SignedUp));
        Assert.Equal(3, outcomes.Count(o => o == RegistrationStatuses.Waitlisted));
        Assert.Equal(32, outcomes.Count(o => o == ErrorCodes.ActivityFull));
        var report = await cluster.Grains.GetGrain<IActivityGrain>(activity).GetReportAsync();
        Assert.Equal((5, 3), (report.SignedUp, report.Waitlisted));
        Assert.Equal([1, 2, 3], report.Registrations.Where(r => r.Status == RegistrationStatuses.Waitlisted).Select(r => r.Position!.Value));
    }

    [Fact]
    public async Task ACancellationGivesThePlaceToTheFirstInLineAndAMemberMayRejoinAtTheEnd()
    {
        await using var cluster = await StartAsync();
        var id = await CreateAsync(cluster, capacity: 1, waitlist: 5);
        var activity = cluster.Grains.GetGrain<IActivityGrain>(id);
        var (a, b, c) = (await MemberAsync(cluster), await MemberAsync(cluster), await MemberAsync(cluster));
        await activity.SignUpAsync(new SignUpForActivity(a));
        Assert.Equal(1, (await activity.SignUpAsync(new SignUpForActivity(b))).Position);
        Assert.Equal(2, (await activity.SignUpAsync(new SignUpForActivity(c))).Position);
        // A repeat is no second place.
        Assert.Equal(RegistrationStatuses.SignedUp, (await activity.SignUpAsync(new SignUpForActivity(a))).Status);

        Assert.Equal(RegistrationStatuses.Cancelled, (await activity.CancelSignUpAsync(new CancelActivitySignUp(a))).Status);

        Assert.Equal(RegistrationStatuses.SignedUp, (await activity.GetRegistrationAsync(b))!.Status);
        Assert.Equal(1, (await activity.GetRegistrationAsync(c))!.Position);
        var again = await activity.SignUpAsync(new SignUpForActivity(a));
        Assert.Equal((RegistrationStatuses.Waitlisted, 2), (again.Status, again.Position));
        await AssertRefusedAsync(ErrorCodes.NotSignedUp, activity.CancelSignUpAsync(new CancelActivitySignUp(await MemberAsync(cluster))));
        // A waitlisted member leaving frees no place.
        await activity.CancelSignUpAsync(new CancelActivitySignUp(c));
        Assert.Equal(1, (await activity.GetRegistrationAsync(a))!.Position);
        Assert.Equal((1, 1), ((await activity.GetAsync())!.SignedUp, (await activity.GetAsync())!.Waitlisted));
    }

    [Fact]
    public async Task TiersTagsAndTheWindowsAreEnforced()
    {
        await using var cluster = await StartAsync();
        var id = await CreateAsync(cluster, capacity: 10, waitlist: 0, tiers: ["standard"], tags: ["wine", "vip"]);
        var activity = cluster.Grains.GetGrain<IActivityGrain>(id);
        var untagged = await MemberAsync(cluster);
        var tagged = await MemberAsync(cluster, "vip");

        await AssertRefusedAsync(ErrorCodes.ActivityNotEligible, activity.SignUpAsync(new SignUpForActivity(untagged)));
        await AssertRefusedAsync(ErrorCodes.MemberNotFound, activity.SignUpAsync(new SignUpForActivity("0123456789abcdef0123456789abcdef")));
        var onlyGold = cluster.Grains.GetGrain<IActivityGrain>(await CreateAsync(cluster, capacity: 10, waitlist: 0, tiers: ["gold"]));
        await AssertRefusedAsync(ErrorCodes.ActivityNotEligible, onlyGold.SignUpAsync(new SignUpForActivity(tagged)));
        await activity.SignUpAsync(new SignUpForActivity(tagged));
        await AssertRefusedAsync(ErrorCodes.CheckInClosed, activity.CheckInAsync(new CheckInToActivity(tagged, "c1", "S001")));

        _clock.SetUtcNow(Start.AddMinutes(-30));
        await AssertRefusedAsync(ErrorCodes.SignUpClosed, activity.SignUpAsync(new SignUpForActivity(await MemberAsync(cluster, "wine"))));
        await AssertRefusedAsync(ErrorCodes.ActivityNotAtStore, activity.CheckInAsync(new CheckInToActivity(tagged, "c1", "S999")));
        _clock.SetUtcNow(Start.AddMinutes(1));
        await AssertRefusedAsync(ErrorCodes.SignUpClosed, activity.CancelSignUpAsync(new CancelActivitySignUp(tagged)));
        _clock.SetUtcNow(Start.AddHours(3));
        await AssertRefusedAsync(ErrorCodes.CheckInClosed, activity.CheckInAsync(new CheckInToActivity(tagged, "c1", "S001")));
        var report = await activity.GetReportAsync();
        Assert.Equal((true, 1, 0, 0), (report.Ended, report.NoShows, report.Attended, report.AwaitingCheckIn));
    }

    [Fact]
    public async Task AnInvalidDefinitionIsRefusedWithEveryFieldAndNothingStored()
    {
        await using var cluster = await StartAsync();
        var activity = cluster.Grains.GetGrain<IActivityGrain>(Guid.NewGuid().ToString("N"));
        var bad = Definition(0, -1) with { Name = " ", StoreIds = [], EndsAt = Start.AddHours(-2), Points = -5 };

        var e = await Assert.ThrowsAsync<DomainException>(() => activity.CreateAsync(new CreateActivity(bad)));

        Assert.Equal(ErrorCodes.ValidationFailed, e.Code);
        Assert.Equal(["capacity", "endsAt", "name", "points", "signUpClosesAt", "storeIds", "waitlistCapacity"], e.Errors!.Keys.Order());
        Assert.Null(await activity.GetAsync());
        await AssertRefusedAsync(ErrorCodes.ActivityNotFound, activity.SignUpAsync(new SignUpForActivity("m")));
    }

    [Fact]
    public async Task TwoConcurrentCheckInsCheckInOnceAndCreditThePointsOnce()
    {
        await using var cluster = await StartAsync(silos: 2);
        var id = await CreateAsync(cluster, capacity: 3, waitlist: 0, points: 150);
        var member = await MemberAsync(cluster);
        var cardNo = await CardAsync(cluster, member);
        await cluster.Grains.GetGrain<IActivityGrain>(id).SignUpAsync(new SignUpForActivity(member));
        _clock.SetUtcNow(Start);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(async i =>
        {
            try
            {
                var checkIn = await DomainCluster.GrainsOf(cluster.Silos[i]).GetGrain<IActivityGrain>(id).CheckInAsync(new CheckInToActivity(member, cardNo, "S001"));
                return checkIn.PointsAwarded ? "awarded" : "pending";
            }
            catch (DomainException e)
            {
                return e.Code;
            }
        }));

        Assert.Equal([ErrorCodes.AlreadyCheckedIn, "awarded"], outcomes.Order());
        Assert.Equal(150, (await cluster.Grains.GetGrain<ICardGrain>(cardNo).GetAsync())!.Points);
        var report = await cluster.Grains.GetGrain<IActivityGrain>(id).GetReportAsync();
        Assert.Equal((1, 0, 150L), (report.Attended, report.AwaitingCheckIn, report.PointsAwarded));
    }

    [Fact]
    public async Task TheAwardArrivingAgainReplaysTheFirstEntryEvenOnAnotherCardOrAfterARestart()
    {
        var award = new AwardActivityPoints("a1", "m1", "", 80, "Tea tasting");
        string first;
        string cardNo, otherCard;
        await using (var cluster = await StartAsync())
        {
            var member = await MemberAsync(cluster);
            cardNo = await CardAsync(cluster, member);
            otherCard = await CardAsync(cluster, member);
            var card = cluster.Grains.GetGrain<ICardActivityPointsGrain>(cardNo);
            first = (await card.AwardActivityPointsAsync(award with { CardNo = cardNo })).TransactionId;
            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => card.AwardActivityPointsAsync(award with { CardNo = cardNo })));
            Assert.All(results, r => Assert.Equal(first, r.TransactionId));
            Assert.Equal(first, (await cluster.Grains.GetGrain<ICardActivityPointsGrain>(otherCard).AwardActivityPointsAsync(award with { CardNo = otherCard })).TransactionId);
        }

        await using var restarted = await StartAsync();
        Assert.Equal(first, (await restarted.Grains.GetGrain<ICardActivityPointsGrain>(cardNo).AwardActivityPointsAsync(award with { CardNo = cardNo })).TransactionId);
        Assert.Equal(80, (await restarted.Grains.GetGrain<ICardGrain>(cardNo).GetAsync())!.Points);
        Assert.Equal(0, (await restarted.Grains.GetGrain<ICardGrain>(otherCard).GetAsync())!.Points);
        var ledger = await restarted.Grains.GetGrain<ICardGrain>(cardNo).ListTransactionsAsync(10, null);
        var entry = Assert.Single(ledger.Items, t => t.Type == TransactionTypes.PointsAdjustment);
        Assert.Equal("activity a1 attended: Tea tasting", entry.Reason);
    }

    [Fact]
    public async Task ACancelledActivityTakesNoSignUpsAndNoCheckIns()
    {
        await using var cluster = await StartAsync();
        var id = await CreateAsync(cluster, capacity: 2, waitlist: 0);
        var activity = cluster.Grains.GetGrain<IActivityGrain>(id);
        var member = await MemberAsync(cluster);
        await activity.SignUpAsync(new SignUpForActivity(member));

        Assert.Equal(ActivityStatuses.Cancelled, (await activity.CancelAsync(new CancelActivity())).Status);

        await AssertRefusedAsync(ErrorCodes.ActivityCancelled, activity.SignUpAsync(new SignUpForActivity(await MemberAsync(cluster))));
        _clock.SetUtcNow(Start);
        await AssertRefusedAsync(ErrorCodes.ActivityCancelled, activity.CheckInAsync(new CheckInToActivity(member, "c", "S001")));
    }

    private async Task<string> CreateAsync(DomainCluster cluster, int capacity, int waitlist, long points = 100,
        IReadOnlyList<string>? tiers = null, IReadOnlyList<string>? tags = null)
    {
        var id = Guid.NewGuid().ToString("N");
        var definition = Definition(capacity, waitlist) with { Points = points, Tiers = tiers ?? [], Tags = tags ?? [] };
        await cluster.Grains.GetGrain<IActivityGrain>(id).CreateAsync(new CreateActivity(definition));
        return id;
    }

    private static ActivityDefinition Definition(int capacity, int waitlist) => new("Tea tasting", ["S001", "S002"], Start, Start.AddHours(2),
        Start.AddDays(-7), Start.AddHours(-1), capacity, waitlist, 100, [], []);

    private async Task<string> MemberAsync(DomainCluster cluster, params string[] tags)
    {
        var n = Interlocked.Increment(ref _members);
        var id = $"{n:x32}";
        var member = cluster.Grains.GetGrain<IMemberGrain>(id);
        await member.RegisterAsync(new RegisterMember($"1380000{n:D4}", "Li Lei", null, null, "S001"));
        if (tags.Length > 0) await member.SetTagsAsync(new SetTags(tags));
        return id;
    }

    private static async Task<string> CardAsync(DomainCluster cluster, string memberId) =>
        (await cluster.Grains.GetGrain<IMemberGrain>(memberId).IssueCardAsync(new IssueCard())).CardNo;

    private static async Task AssertRefusedAsync(string code, Task call) => Assert.Equal(code, (await Assert.ThrowsAsync<DomainException>(() => call)).Code);

    private Task<DomainCluster> StartAsync(short silos = 1) =>
        DomainCluster.StartAsync(new DomainClusterOptions { Storage = _storage, Clock = _clock, Silos = silos });
}
