using System.Net;
using System.Net.Http.Json;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>
/// Member activities through REST (docs/activities.md): sign-up by the member and by staff, the waiting list, check-in
/// by card, phone and member code with points once, refusals with their codes, and the concurrency cases.
/// </summary>
public abstract class ActivityApiTests : ApiTests
{
    [StorageFact]
    public async Task MembersSignUpTheWaitingListFillsAFreedPlaceAndCheckInEarnsThePointsOnce()
    {
        await using var app = await StartAsync(SecurityApiTests.Settings);
        var api = await ActivityApi.StartAsync(app);
        var id = await api.CreateAsync(capacity: 2, waitlist: 1);
        var (a, b, c, d) = (await api.MemberAsync(), await api.MemberAsync(), await api.MemberAsync(), await api.MemberAsync());

        var mine = await PosClient.ExpectAsync(await api.MemberClient(a.MemberId).PostAsync($"/api/v1/me/activities/{id}/sign-up", null), HttpStatusCode.OK);
        Assert.Equal("signed_up", mine.Text("status"));
        Assert.Equal("signed_up", (await PosClient.ExpectAsync(await api.SignUpAsync(id, b.MemberId), HttpStatusCode.OK)).Text("status"));
        var waiting = await PosClient.ExpectAsync(await api.MemberClient(c.MemberId).PostAsync($"/api/v1/me/activities/{id}/sign-up", null), HttpStatusCode.OK);
        Assert.Equal(("waitlisted", 1L), (waiting.Text("status"), waiting.Long("position")));
        await ProblemAssert.IsAsync(await api.MemberClient(d.MemberId).PostAsync($"/api/v1/me/activities/{id}/sign-up", null), HttpStatusCode.Conflict, "activity_full");

        await PosClient.ExpectAsync(await api.MemberClient(a.MemberId).PostAsync($"/api/v1/me/activities/{id}/cancel", null), HttpStatusCode.OK);
        var promoted = await PosClient.ExpectAsync(await api.MemberClient(c.MemberId).GetAsync($"/api/v1/me/activities/{id}"), HttpStatusCode.OK);
        Assert.Equal("signed_up", promoted.Field("registration").Text("status"));
        Assert.Equal(0, promoted.Field("activity").Long("placesLeft"));
        var listed = await PosClient.ExpectAsync(await api.MemberClient(d.MemberId).GetAsync("/api/v1/me/activities"), HttpStatusCode.OK);
        var item = Assert.Single(listed.Field("items").EnumerateArray());
        Assert.Equal((id, System.Text.Json.JsonValueKind.Null), (item.Field("activity").Text("activityId"), item.Field("registration").ValueKind));

        var byCard = await PosClient.ExpectAsync(await api.CheckInAsync(id, new { storeId = "S001", cardNo = b.CardNo }), HttpStatusCode.OK);
        Assert.Equal((200L, true, b.CardNo), (byCard.Long("points"), byCard.Field("pointsAwarded").GetBoolean(), byCard.Text("cardNo")));
        await ProblemAssert.IsAsync(await api.CheckInAsync(id, new { storeId = "S001", cardNo = b.CardNo }), HttpStatusCode.Conflict, "already_checked_in");
        await PosClient.ExpectAsync(await api.CheckInAsync(id, new { storeId = "S001", phone = c.Phone }), HttpStatusCode.OK);
        await ProblemAssert.IsAsync(await api.CheckInAsync(id, new { storeId = "S001", cardNo = a.CardNo }), HttpStatusCode.Conflict, "not_signed_up");
        await ProblemAssert.IsAsync(await api.CheckInAsync(id, new { storeId = "S001", cardNo = d.CardNo }), HttpStatusCode.Conflict, "not_signed_up");

        Assert.Equal(200, (await api.Admin.GetCardAsync(b.CardNo)).Long("points"));
        Assert.Equal(200, (await api.Admin.GetCardAsync(c.CardNo)).Long("points"));
        Assert.Single(await api.ActivityEntriesAsync(b.CardNo));
        var report = await api.ReportAsync(id);
        Assert.Equal((2L, 0L, 1L, 2L, 0L, 0L, 400L), (report.Long("signedUp"), report.Long("waitlisted"), report.Long("cancelled"), report.Long("attended"),
            report.Long("awaitingCheckIn"), report.Long("noShows"), report.Long("pointsAwarded")));
        var audit = await PosClient.ExpectAsync(await api.Admin.Http.GetAsync("/api/v1/audit?action=activity.check_in&limit=10"), HttpStatusCode.OK);
        Assert.Equal(["already_checked_in", "not_signed_up", "not_signed_up", "ok", "ok"],
            audit.Field("items").EnumerateArray().Select(e => e.Text("result")).Order());
    }

    [StorageFact]
    public async Task RefusalsAnswerTheirCodesAndChangeNothing()
    {
        await using var app = await StartAsync(SecurityApiTests.Settings);
        var api = await ActivityApi.StartAsync(app);
        var member = await api.MemberAsync();

        await ProblemAssert.ValidationAsync(await api.Marketing.PostAsJsonAsync("/api/v1/activities", new { name = "" }),
            "name", "storeIds", "startsAt", "endsAt", "signUpOpensAt", "signUpClosesAt", "capacity");
        var start = DateTimeOffset.UtcNow.AddDays(1);
        Dictionary<string, object?> Body(string store, DateTimeOffset ends, int capacity) => new()
        {
            ["name"] = "x", ["storeIds"] = new[] { store }, ["startsAt"] = start, ["endsAt"] = ends, ["signUpOpensAt"] = start.AddDays(-1),
            ["signUpClosesAt"] = start, ["capacity"] = capacity,
        };
        await ProblemAssert.ValidationAsync(await api.Marketing.PostAsJsonAsync("/api/v1/activities", Body("S001", start.AddHours(-1), 5)), "endsAt", "signUpClosesAt");
        await ProblemAssert.ValidationAsync(await api.Marketing.PostAsJsonAsync("/api/v1/activities", Body("S001", start.AddHours(1), 0)), "capacity");
        await ProblemAssert.ValidationAsync(await api.Marketing.PostAsJsonAsync("/api/v1/activities", Body("S404", start.AddHours(1), 5)), "storeIds");
        var nullStore = Body("S001", start.AddHours(1), 5);
        nullStore["storeIds"] = new string?[] { null };
        await ProblemAssert.ValidationAsync(await api.Marketing.PostAsJsonAsync("/api/v1/activities", nullStore), "storeIds");
        var longAgo = Body("S001", start.AddHours(1), 5);
        longAgo["startsAt"] = DateTimeOffset.MinValue;
        await ProblemAssert.ValidationAsync(await api.Marketing.PostAsJsonAsync("/api/v1/activities", longAgo), "startsAt");
        await ProblemAssert.IsAsync(await api.Cashier.PostAsJsonAsync("/api/v1/activities", ActivityApi.Body(5, 0, 10, null, start)), HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty((await PosClient.ExpectAsync(await api.Marketing.GetAsync("/api/v1/activities"), HttpStatusCode.OK)).Field("items").EnumerateArray());

        var vip = await api.CreateAsync(capacity: 5, waitlist: 0, tags: ["vip"]);
        await ProblemAssert.IsAsync(await api.SignUpAsync(vip, member.MemberId), HttpStatusCode.Conflict, "activity_not_eligible");
        await ProblemAssert.IsAsync(await api.SignUpAsync(vip, "0123456789abcdef0123456789abcdef"), HttpStatusCode.NotFound, "member_not_found");
        await ProblemAssert.IsAsync(await api.Cashier.PostAsJsonAsync($"/api/v1/activities/{vip}/sign-ups", new { memberId = member.MemberId, storeId = "S002" }),
            HttpStatusCode.Forbidden, "forbidden");
        var tomorrow = await api.CreateAsync(capacity: 5, waitlist: 0, startsAt: start);
        await PosClient.ExpectAsync(await api.SignUpAsync(tomorrow, member.MemberId), HttpStatusCode.OK);
        await ProblemAssert.IsAsync(await api.CheckInAsync(tomorrow, new { storeId = "S001", cardNo = member.CardNo }), HttpStatusCode.Conflict, "check_in_closed");
        var admin = app.CreateAdminClient();
        await ProblemAssert.IsAsync(await api.CheckInAsync(tomorrow, new { storeId = "S002", cardNo = member.CardNo }, admin), HttpStatusCode.Conflict, "activity_not_at_store");
        // A till acts only for activities at its own store: S002 may not sign anyone up for, or cancel anyone out of, S001's.
        await ProblemAssert.IsAsync(await admin.PostAsJsonAsync($"/api/v1/activities/{tomorrow}/sign-ups", new { memberId = member.MemberId, storeId = "S002" }),
            HttpStatusCode.Conflict, "activity_not_at_store");
        await ProblemAssert.IsAsync(await admin.PostAsJsonAsync($"/api/v1/activities/{tomorrow}/sign-ups/{member.MemberId}/cancel", new { storeId = "S002" }),
            HttpStatusCode.Conflict, "activity_not_at_store");
        Assert.Equal("signed_up", (await PosClient.ExpectAsync(await api.SignUpAsync(tomorrow, member.MemberId), HttpStatusCode.OK)).Text("status"));
        await ProblemAssert.ValidationAsync(await api.CheckInAsync(tomorrow, new { storeId = "S001", cardNo = member.CardNo, phone = member.Phone }), "cardNo");
        await ProblemAssert.IsAsync(await api.CheckInAsync(tomorrow, new { storeId = "S001", cardNo = "9999999999999999" }), HttpStatusCode.NotFound, "card_not_found");
        await ProblemAssert.IsAsync(await api.CheckInAsync("0123456789abcdef0123456789abcdef", new { storeId = "S001", cardNo = member.CardNo }),
            HttpStatusCode.NotFound, "activity_not_found");
        await ProblemAssert.IsAsync(await api.Marketing.GetAsync("/api/v1/activities/not-an-id"), HttpStatusCode.NotFound, "activity_not_found");

        var closed = await api.CreateAsync(capacity: 5, waitlist: 0, startsAt: DateTimeOffset.UtcNow.AddMinutes(5));
        await ProblemAssert.IsAsync(await api.SignUpAsync(closed, member.MemberId), HttpStatusCode.Conflict, "sign_up_closed");
        await ProblemAssert.IsAsync(await api.Cashier.PostAsJsonAsync($"/api/v1/activities/{closed}/sign-ups/{member.MemberId}/cancel", new { storeId = "S001" }),
            HttpStatusCode.Conflict, "not_signed_up");
        await PosClient.ExpectAsync(await api.Marketing.PostAsync($"/api/v1/activities/{tomorrow}/cancel", null), HttpStatusCode.OK);
        await ProblemAssert.IsAsync(await api.SignUpAsync(tomorrow, (await api.MemberAsync()).MemberId), HttpStatusCode.Conflict, "activity_cancelled");

        Assert.Equal(0, (await api.Admin.GetCardAsync(member.CardNo)).Long("points"));
        Assert.Equal(3, (await PosClient.ExpectAsync(await api.Marketing.GetAsync("/api/v1/activities"), HttpStatusCode.OK)).Field("items").GetArrayLength());
        Assert.Equal((1L, 0L), ((await api.ReportAsync(tomorrow)).Long("signedUp"), (await api.ReportAsync(vip)).Long("signedUp")));
    }

    [StorageFact]
    public async Task ThirtySimultaneousSignUpsForThreePlacesNeverGoBeyondCapacity()
    {
        await using var app = await StartAsync(SecurityApiTests.Settings);
        var api = await ActivityApi.StartAsync(app);
        var id = await api.CreateAsync(capacity: 3, waitlist: 2);
        var members = new List<string>();
        for (var i = 0; i < 30; i++) members.Add((await api.MemberAsync()).MemberId);

        // Half sign themselves up, half are signed up by the cashier, all at once.
        var answers = await Task.WhenAll(members.Select(async (m, i) =>
        {
            var response = i % 2 == 0
                ? await api.MemberClient(m).PostAsync($"/api/v1/me/activities/{id}/sign-up", null)
                : await api.SignUpAsync(id, m);
            var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            return response.IsSuccessStatusCode ? body.Text("status") : body.Text("code");
        }));

        Assert.Equal(3, answers.Count(a => a == "signed_up"));
        Assert.Equal(2, answers.Count(a => a == "waitlisted"));
        Assert.Equal(25, answers.Count(a => a == "activity_full"));
        var report = await api.ReportAsync(id);
        Assert.Equal((3L, 2L), (report.Long("signedUp"), report.Long("waitlisted")));
        Assert.Equal(5, report.Field("registrations").GetArrayLength());
    }

    [StorageFact]
    public async Task TwoSimultaneousCheckInsByCardAndByMemberCodeEarnThePointsOnce()
    {
        await using var app = await StartAsync(SecurityApiTests.Settings);
        var api = await ActivityApi.StartAsync(app);
        var id = await api.CreateAsync(capacity: 5, waitlist: 0, points: 300);
        var member = await api.MemberAsync();
        await PosClient.ExpectAsync(await api.SignUpAsync(id, member.MemberId), HttpStatusCode.OK);
        var code = (await PosClient.ExpectAsync(await api.MemberClient(member.MemberId).GetAsync("/api/v1/me/code"), HttpStatusCode.OK)).Text("code");
        var manager = SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "zhao.manager", "store_manager", "S001"));

        var responses = await Task.WhenAll(
            api.CheckInAsync(id, new { storeId = "S001", cardNo = member.CardNo }),
            api.CheckInAsync(id, new { storeId = "S001", memberCode = code }, manager));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        await ProblemAssert.IsAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict, "already_checked_in");
        Assert.Equal(300, (await api.Admin.GetCardAsync(member.CardNo)).Long("points"));
        Assert.Single(await api.ActivityEntriesAsync(member.CardNo));
        // The member code was only looked at: it still pays.
        Assert.Equal(member.CardNo, (await PosClient.ExpectAsync(await api.Admin.Http.GetAsync($"/api/v1/cards/{code}"), HttpStatusCode.OK)).Text("cardNo"));
    }

    [StorageFact]
    public async Task WithoutTheDirectCallThePointsArriveThroughTheOutboxOnce()
    {
        var settings = new Dictionary<string, string?>(SecurityApiTests.Settings) { ["Activities:AwardAtOnce"] = "false" };
        foreach (var (key, value) in ReportApiTests.FastStreams) settings[key] = value;
        await using var app = await StartAsync(settings);
        var api = await ActivityApi.StartAsync(app);
        var id = await api.CreateAsync(capacity: 5, waitlist: 0, points: 120);
        var members = new[] { await api.MemberAsync(), await api.MemberAsync() };
        foreach (var m in members) await PosClient.ExpectAsync(await api.SignUpAsync(id, m.MemberId), HttpStatusCode.OK);

        foreach (var m in members)
        {
            var checkIn = await PosClient.ExpectAsync(await api.CheckInAsync(id, new { storeId = "S001", cardNo = m.CardNo }), HttpStatusCode.OK);
            Assert.False(checkIn.Field("pointsAwarded").GetBoolean());
        }

        foreach (var m in members)
        {
            for (var i = 0; i < 300 && (await api.Admin.GetCardAsync(m.CardNo)).Long("points") == 0; i++) await Task.Delay(50);
            Assert.Equal(120, (await api.Admin.GetCardAsync(m.CardNo)).Long("points"));
        }
        await Task.Delay(500);
        foreach (var m in members) Assert.Single(await api.ActivityEntriesAsync(m.CardNo));
    }
}

public sealed class SqliteActivityApiTests : ActivityApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresActivityApiTests : ActivityApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
