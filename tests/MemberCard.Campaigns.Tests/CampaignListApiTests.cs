using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MemberCard.Api.Tests;
using MemberCard.Testing;

namespace MemberCard.Campaigns.Tests;

/// <summary>GET /campaigns (newest first, status filter, cursor) and POST /campaigns/segment-count.</summary>
public abstract class CampaignListApiTests
{
    // Staff sign-in for the role checks: a signing key of the test's own and cheap password hashing.
    private static readonly Dictionary<string, string?> StaffSettings = new()
    {
        ["Auth:PasswordIterations"] = "1000",
        ["Auth:Jwt:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };

    protected abstract StorageKind Storage { get; }

    [StorageFact]
    public async Task TheListShowsEveryCampaignNewestFirstWithItsCurrentStatusAndPagesByCursor()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var http = app.CreateAdminClient();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await CampaignApi.CreateAsync(http, CampaignApi.FixedCampaign()));
        await PosClient.ExpectAsync(await CampaignApi.ActAsync(http, ids[1], "cancel"), HttpStatusCode.OK);

        var first = await PosClient.ExpectAsync(await http.GetAsync("/api/v1/campaigns?limit=3"), HttpStatusCode.OK);
        var second = await PosClient.ExpectAsync(await http.GetAsync($"/api/v1/campaigns?limit=3&cursor={first.Text("nextCursor")}"), HttpStatusCode.OK);
        var listed = first.Field("items").EnumerateArray().Concat(second.Field("items").EnumerateArray()).ToList();
        Assert.Equal(Enumerable.Reverse(ids), listed.Select(c => c.Text("campaignId")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.Field("nextCursor").ValueKind);
        Assert.Equal("cancelled", listed.Single(c => c.Text("campaignId") == ids[1]).Text("status"));

        var cancelled = await PosClient.ExpectAsync(await http.GetAsync("/api/v1/campaigns?status=cancelled"), HttpStatusCode.OK);
        Assert.Equal([ids[1]], cancelled.Field("items").EnumerateArray().Select(c => c.Text("campaignId")));
        var drafts = await PosClient.ExpectAsync(await http.GetAsync("/api/v1/campaigns?status=draft&limit=2"), HttpStatusCode.OK);
        Assert.Equal([ids[4], ids[3]], drafts.Field("items").EnumerateArray().Select(c => c.Text("campaignId")));
    }

    [StorageFact]
    public async Task TheListRefusesABadStatusLimitOrCursorAndRolesOutsideCampaigns()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage, StaffSettings);
        var http = app.CreateAdminClient();
        await ProblemAssert.ValidationAsync(await http.GetAsync("/api/v1/campaigns?status=running"), "status");
        await ProblemAssert.ValidationAsync(await http.GetAsync("/api/v1/campaigns?limit=0"), "limit");
        await ProblemAssert.ValidationAsync(await http.GetAsync("/api/v1/campaigns?cursor=bm9wZQ"), "cursor");

        var marketing = await StaffAsync(app, "mk", "marketing", null);
        await PosClient.ExpectAsync(await marketing.GetAsync("/api/v1/campaigns"), HttpStatusCode.OK);
        await PosClient.ExpectAsync(await marketing.PostAsJsonAsync("/api/v1/campaigns/segment-count", new { }), HttpStatusCode.OK);
        await PosClient.ExpectAsync(await http.PostAsJsonAsync("/api/v1/stores", new { storeId = "S001", name = "One" }), HttpStatusCode.Created);
        foreach (var (user, role, store) in new[] { ("fi", "finance", (string?)null), ("sm", "store_manager", "S001"), ("ca", "cashier", "S001") })
        {
            var client = await StaffAsync(app, user, role, store);
            await ProblemAssert.IsAsync(await client.GetAsync("/api/v1/campaigns"), HttpStatusCode.Forbidden, "forbidden");
            await ProblemAssert.IsAsync(await client.PostAsJsonAsync("/api/v1/campaigns/segment-count", new { }), HttpStatusCode.Forbidden, "forbidden");
        }
        await ProblemAssert.IsAsync(await app.CreateClient().GetAsync("/api/v1/campaigns"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [StorageFact]
    public async Task TheSegmentCountIsTheNumberOfMembersIssuanceThenTargets()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        await pos.CreateStoreAsync("S002");
        var members = new List<string>();
        for (var i = 0; i < 7; i++) members.Add((await pos.RegisterMemberAsync(i < 5 ? "S001" : "S002")).Text("memberId"));
        foreach (var m in members.Take(3))
            await PosClient.ExpectAsync(await pos.Http.PutAsJsonAsync($"/api/v1/members/{m}/tags", new { tags = new[] { "vip" } }), HttpStatusCode.OK);
        await PosClient.ExpectAsync(await pos.Http.PutAsJsonAsync($"/api/v1/members/{members[6]}/tags", new { tags = new[] { "vip" } }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await pos.Http.PostAsync($"/api/v1/members/{members[0]}/erase", null)).StatusCode);

        async Task<(long Matched, long Scanned)> CountAsync(object segment)
        {
            var count = await PosClient.ExpectAsync(await pos.Http.PostAsJsonAsync("/api/v1/campaigns/segment-count", segment), HttpStatusCode.OK);
            return (count.Long("matched"), count.Long("scanned"));
        }

        Assert.Equal((6L, 7L), await CountAsync(new { }));
        Assert.Equal((3L, 7L), await CountAsync(new { tags = new[] { "vip" } }));
        Assert.Equal((2L, 7L), await CountAsync(new { tags = new[] { "vip" }, stores = new[] { "S001" } }));
        Assert.Equal((0L, 7L), await CountAsync(new { tiers = new[] { "no-such-tier" } }));

        var campaignId = await CampaignApi.CreateAsync(pos.Http, CampaignApi.FixedCampaign(new { tags = new[] { "vip" } }));
        var progress = await CampaignApi.IssueAsync(pos.Http, campaignId);
        Assert.Equal(3L, progress.Long("targeted"));
    }

    [StorageFact]
    public async Task TheSegmentCountRefusesAnUploadedListAndBadConditions()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var http = app.CreateAdminClient();
        await ProblemAssert.ValidationAsync(await http.PostAsJsonAsync("/api/v1/campaigns/segment-count", new { uploadedList = true }), "uploadedList");
        await ProblemAssert.ValidationAsync(await http.PostAsJsonAsync("/api/v1/campaigns/segment-count", new { birthdayMonth = 13 }), "birthdayMonth");
        await ProblemAssert.ValidationAsync(await http.PostAsJsonAsync("/api/v1/campaigns/segment-count", new { inactiveDays = 0 }), "inactiveDays");
        await ProblemAssert.IsAsync(await http.PostAsync("/api/v1/campaigns/segment-count", new StringContent("{", null, "application/json")),
            HttpStatusCode.BadRequest, "validation_failed");
    }

    private static async Task<HttpClient> StaffAsync(MemberCardApplication app, string username, string role, string? storeId)
    {
        const string password = "correct horse battery";
        await PosClient.ExpectAsync(await app.CreateAdminClient().PostAsJsonAsync("/api/v1/staff", new { username, password, role, storeId }),
            HttpStatusCode.Created);
        var token = await PosClient.ExpectAsync(await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username, password }), HttpStatusCode.OK);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Text("accessToken"));
        return client;
    }
}

public sealed class SqliteCampaignListApiTests : CampaignListApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresCampaignListApiTests : CampaignListApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
