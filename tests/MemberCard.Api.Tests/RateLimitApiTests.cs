using System.Net;
using System.Net.Http.Json;

namespace MemberCard.Api.Tests;

/// <summary>The per-credential token bucket. Provider-independent, so SQLite only.</summary>
public sealed class RateLimitApiTests
{
    [Fact]
    public async Task CredentialOverItsBudgetIsRateLimitedWithRetryAfterWhileOthersAreNot()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, new Dictionary<string, string?>
        {
            ["RateLimiting:TokensPerSecond"] = "1",
            ["RateLimiting:Burst"] = "2",
        });
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var key = await PosClient.ExpectAsync(
            await pos.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001" }), HttpStatusCode.Created);

        // The admin key has spent its burst of 2; at most a token or two can have come back meanwhile.
        var burst = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => pos.Http.GetAsync("/api/v1/stores/S001")));

        var limited = burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(limited.Count, 8, 10);
        Assert.All(burst.Except(limited), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in limited)
        {
            await ProblemAssert.IsAsync(response, HttpStatusCode.TooManyRequests, "rate_limited");
            var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
            Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        }
        // Another credential has a bucket of its own.
        var terminal = app.CreateClientWithKey(key.Text("apiKey"));
        Assert.Equal(HttpStatusCode.OK, (await terminal.GetAsync("/api/v1/stores/S001")).StatusCode);
    }
}
