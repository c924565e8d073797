using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemberCard.Api.Tests;

namespace MemberCard.Campaigns.Tests;

/// <summary>Campaign calls through the REST API, for tests.</summary>
internal static class CampaignApi
{
    /// <summary>A fixed ¥10-off campaign valid 30 days after issue, to the given segment.</summary>
    public static object FixedCampaign(
        object? segment = null, long amountOff = 1000, long minimumSpend = 0, bool stacksWithPoints = false, string[]? validStores = null) => new
    {
        validStores = validStores ?? [],
        name = "Ten off",
        kind = "fixed",
        amountOff,
        minimumSpend,
        validDaysAfterIssue = 30,
        stacksWithPoints,
        partitions = 2,
        segment = segment ?? new { },
    };

    public static async Task<string> CreateAsync(HttpClient http, object campaign) =>
        (await PosClient.ExpectAsync(await http.PostAsJsonAsync("/api/v1/campaigns", campaign), HttpStatusCode.Created)).Text("campaignId");

    public static Task<HttpResponseMessage> ActAsync(HttpClient http, string campaignId, string action) =>
        http.PostAsync($"/api/v1/campaigns/{campaignId}/{action}", null);

    /// <summary>Starts the campaign and waits (the partitions run on their own timers) until it is active.</summary>
    public static async Task<JsonElement> IssueAsync(HttpClient http, string campaignId)
    {
        await PosClient.ExpectAsync(await ActAsync(http, campaignId, "start"), HttpStatusCode.OK);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var progress = await PosClient.ExpectAsync(await http.GetAsync($"/api/v1/campaigns/{campaignId}/progress"), HttpStatusCode.OK);
            if (progress.Text("state") == "active") return progress;
            Assert.True(DateTime.UtcNow < deadline, $"issuance did not finish: {progress}");
            await Task.Delay(50);
        }
    }

    /// <summary>The member's coupons (optionally of one status).</summary>
    public static async Task<List<JsonElement>> CouponsAsync(HttpClient http, string memberId, string? status = null)
    {
        var url = $"/api/v1/members/{memberId}/coupons" + (status is null ? "" : $"?status={status}");
        var page = await PosClient.ExpectAsync(await http.GetAsync(url), HttpStatusCode.OK);
        return [.. page.Field("items").EnumerateArray()];
    }

    public static object Purchase(string orderNo, long amount, long balanceAmount, string? couponCode, long pointsToRedeem = 0, string storeId = "S001") =>
        new { orderNo, storeId, amount, balanceAmount, pointsToRedeem, couponCode };
}
