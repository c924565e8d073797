using System.Net.Http.Json;
using System.Text.Json;

namespace MemberCard.Client.Tests;

/// <summary>Campaigns are not the till's business; tests set them up through the raw admin API.</summary>
public static class Campaigns
{
    /// <summary>Creates and starts a ¥10-off campaign for the members registered at <paramref name="storeId"/>, and waits until its coupons are issued.</summary>
    public static async Task IssueTenOffAsync(ClientTestServer server, string storeId, long minimumSpend = 0)
    {
        using var http = server.CreateAdminHttpClient();
        var created = await http.PostAsJsonAsync("/api/v1/campaigns", new
        {
            validStores = Array.Empty<string>(),
            name = "Ten off",
            kind = "fixed",
            amountOff = 1000,
            minimumSpend,
            validDaysAfterIssue = 30,
            stacksWithPoints = false,
            partitions = 2,
            segment = new { stores = new[] { storeId } },
        });
        var campaignId = (await ReadAsync(created)).GetProperty("campaignId").GetString();
        await ReadAsync(await http.PostAsync($"/api/v1/campaigns/{campaignId}/start", null));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await ReadAsync(await http.GetAsync($"/api/v1/campaigns/{campaignId}/progress"))).GetProperty("state").GetString() != "active")
        {
            Assert.True(DateTime.UtcNow < deadline, "the campaign's coupons were not issued within 60 s");
            await Task.Delay(50);
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
