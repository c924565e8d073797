using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemberCard.Server.Api.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Api.Tests;

/// <summary>What the activity API tests share: an application with two stores, marketing and a cashier, members with cards.</summary>
internal sealed class ActivityApi(MemberCardApplication app, PosClient admin, HttpClient marketing, HttpClient cashier)
{
    public MemberCardApplication App => app;

    public PosClient Admin => admin;

    public HttpClient Marketing => marketing;

    /// <summary>A cashier of store S001.</summary>
    public HttpClient Cashier => cashier;

    public static async Task<ActivityApi> StartAsync(MemberCardApplication app)
    {
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.CreateStoreAsync("S002");
        var marketing = SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "mei.marketing", "marketing", null));
        var cashier = SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, "li.cashier", "cashier", "S001"));
        return new ActivityApi(app, admin, marketing, cashier);
    }

    /// <summary>An activity at S001 that takes sign-ups now, starts in 30 minutes (so check-in is open) and ends in 3 hours.</summary>
    public async Task<string> CreateAsync(int capacity, int waitlist, long points = 200, string[]? tags = null, DateTimeOffset? startsAt = null)
    {
        var start = startsAt ?? DateTimeOffset.UtcNow.AddMinutes(30);
        var created = await PosClient.ExpectAsync(await marketing.PostAsJsonAsync("/api/v1/activities", Body(capacity, waitlist, points, tags, start)),
            HttpStatusCode.Created);
        return created.Text("activityId");
    }

    public static object Body(int capacity, int waitlist, long points, string[]? tags, DateTimeOffset start) => new
    {
        name = "Pu'er tasting", description = "Six teas", storeIds = new[] { "S001" }, startsAt = start, endsAt = start.AddHours(3),
        signUpOpensAt = start.AddDays(-3), signUpClosesAt = start.AddMinutes(-10), capacity, waitlistCapacity = waitlist, points,
        tiers = Array.Empty<string>(), tags = tags ?? [],
    };

    /// <summary>A member of S001 with one card: its id, card number and phone.</summary>
    public async Task<(string MemberId, string CardNo, string Phone)> MemberAsync()
    {
        var phone = PosClient.UniquePhone();
        var member = await PosClient.ExpectAsync(await admin.PostMemberAsync(new { phone, storeId = "S001" }), HttpStatusCode.Created);
        var cardNo = (await admin.IssueCardAsync(member.Text("memberId"))).Text("cardNo");
        return (member.Text("memberId"), cardNo, phone);
    }

    /// <summary>A client with the member's own token (the sign-in that yields one: MemberSelfServiceApiTests).</summary>
    public HttpClient MemberClient(string memberId) =>
        SecurityApiTests.WithBearer(app, app.Services.GetRequiredService<JwtTokens>().IssueMember(memberId, ""));

    public Task<HttpResponseMessage> SignUpAsync(string activityId, string memberId, HttpClient? staff = null) =>
        (staff ?? cashier).PostAsJsonAsync($"/api/v1/activities/{activityId}/sign-ups", new { memberId, storeId = "S001" });

    public Task<HttpResponseMessage> CheckInAsync(string activityId, object body, HttpClient? staff = null) =>
        (staff ?? cashier).PostAsJsonAsync($"/api/v1/activities/{activityId}/check-ins", body);

    public async Task<JsonElement> ReportAsync(string activityId) =>
        await PosClient.ExpectAsync(await marketing.GetAsync($"/api/v1/activities/{activityId}/report"), HttpStatusCode.OK);

    /// <summary>The card's ledger entries that credit activity points.</summary>
    public async Task<List<JsonElement>> ActivityEntriesAsync(string cardNo) =>
        [.. (await admin.ReadLedgerAsync(cardNo)).Where(e => e.Text("type") == "points_adjustment" && e.Text("reason").StartsWith("activity ", StringComparison.Ordinal))];
}
