using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Net.Http.Headers;

namespace MemberCard.Api.Tests;

/// <summary>
/// The Orleans dashboard at /dashboard: admin only, opened in a browser through the session cookie that a signed-in
/// admin's staff token buys, and that cookie is worth nothing outside /dashboard. Provider-independent, so SQLite only.
/// </summary>
public sealed class DashboardApiTests
{
    [Fact]
    public async Task AnAdminsSessionCookieOpensTheDashboardAndItsData()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, WithDashboard);
        var token = await SecurityApiTests.StaffTokenAsync(app, "wang.admin", "admin", null);

        var opened = await SecurityApiTests.WithBearer(app, token).PostAsync("/api/v1/admin/dashboard/session", null);
        Assert.Equal(HttpStatusCode.NoContent, opened.StatusCode);
        var cookie = SetCookieHeaderValue.Parse(Assert.Single(opened.Headers.GetValues("Set-Cookie")));
        Assert.Equal("mc_dashboard", cookie.Name.ToString());
        Assert.Equal(token, cookie.Value.ToString());
        Assert.Equal("/dashboard", cookie.Path.ToString());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, cookie.SameSite);
        Assert.InRange(cookie.MaxAge!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));

        var browser = Browser(app, token);
        var page = await browser.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync());
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        var script = await browser.GetAsync("/dashboard/index.min.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);

        // The dashboard collects its counters on a timer: the first answer may come before the first collection.
        Assert.Equal(1, await ActiveHostCountAsync(browser, TimeSpan.FromSeconds(30)));
    }

    private static async Task<int> ActiveHostCountAsync(HttpClient browser, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var counters = await browser.GetAsync("/dashboard/DashboardCounters");
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            using var json = JsonDocument.Parse(await counters.Content.ReadAsStringAsync());
            var hosts = json.RootElement.GetProperty("totalActiveHostCount").GetInt32();
            if (hosts > 0 || DateTime.UtcNow > deadline) return hosts;
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task TheDashboardRefusesEveryoneButAdmins()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, WithDashboard);
        await app.CreateAdminPos().CreateStoreAsync("S001");
        var manager = await SecurityApiTests.StaffTokenAsync(app, "zhao.manager", "store_manager", "S001");

        await ProblemAssert.IsAsync(await Browser(app, null).GetAsync("/dashboard/"), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAssert.IsAsync(await Browser(app, "not-a-token").GetAsync("/dashboard/DashboardCounters"), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAssert.IsAsync(await Browser(app, manager).GetAsync("/dashboard/"), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await SecurityApiTests.WithBearer(app, manager).PostAsync("/api/v1/admin/dashboard/session", null),
            HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await app.CreateClientWithKey(null).GetAsync("/dashboard/"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task TheCookieIsNoCredentialForTheApiAndAnApiKeyBuysNoCookie()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, WithDashboard);
        var token = await SecurityApiTests.StaffTokenAsync(app, "wang.admin", "admin", null);

        // A request to the API that carries only the dashboard cookie is anonymous there.
        await ProblemAssert.IsAsync(await Browser(app, token).GetAsync("/api/v1/admin/cluster"), HttpStatusCode.Unauthorized, "unauthorized");
        // An admin API key cannot be put in a cookie: the session needs a staff sign-in.
        var refused = await app.CreateAdminClient().PostAsync("/api/v1/admin/dashboard/session", null);
        await ProblemAssert.IsAsync(refused, HttpStatusCode.BadRequest, "validation_failed");
        Assert.False(refused.Headers.Contains("Set-Cookie"));

        var closed = await SecurityApiTests.WithBearer(app, token).DeleteAsync("/api/v1/admin/dashboard/session");
        Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        var cleared = SetCookieHeaderValue.Parse(Assert.Single(closed.Headers.GetValues("Set-Cookie")));
        Assert.Equal("mc_dashboard", cleared.Name.ToString());
        Assert.Equal("/dashboard", cleared.Path.ToString());
        Assert.True(cleared.Expires < DateTimeOffset.UtcNow);
    }

    private static readonly Dictionary<string, string?> WithDashboard = new(SecurityApiTests.Settings) { ["Dashboard:Enabled"] = "true" };

    // A browser tab: no Authorization header, only the cookie (if any).
    private static HttpClient Browser(MemberCardApplication app, string? cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        if (cookie is not null) client.DefaultRequestHeaders.Add("Cookie", $"mc_dashboard={cookie}");
        return client;
    }
}
