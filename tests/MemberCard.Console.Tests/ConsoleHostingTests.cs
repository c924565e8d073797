using System.IO.Compression;
using System.Net;

namespace MemberCard.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ConsoleHostingTests(ConsoleFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private const long InitialJavaScriptBudget = 500 * 1024;

    [Fact]
    public async Task TheInitialLoadIsAtMost500KBOfGzippedJavaScriptAndPagesLoadLazily()
    {
        var console = await fixture.OpenAsync();
        var scripts = new List<string>();
        console.Page.Response += (_, r) =>
        {
            if (r.Url.EndsWith(".js", StringComparison.Ordinal)) lock (scripts) scripts.Add(r.Url);
        };
        await console.Page.ReloadAsync(new() { WaitUntil = WaitUntilState.NetworkIdle });
        using var http = new HttpClient();
        long gzipped = 0;
        string[] loaded;
        lock (scripts) loaded = [.. scripts.Distinct()];
        foreach (var url in loaded) gzipped += GzipLength(await http.GetByteArrayAsync(url));
        Assert.NotEmpty(loaded);
        output.WriteLine($"initial JavaScript: {loaded.Length} files, {gzipped} bytes gzipped");
        Assert.True(gzipped <= InitialJavaScriptBudget, $"initial JavaScript is {gzipped} bytes gzipped ({loaded.Length} files)");
        // The sign-in page does not load the other pages' code (charts, cashier …).
        Assert.DoesNotContain(loaded, u => u.Contains("DashboardPage", StringComparison.Ordinal) || u.Contains("CashierPage", StringComparison.Ordinal));

        var charts = new List<string>();
        console.Page.Response += (_, r) =>
        {
            if (r.Url.Contains("DashboardPage", StringComparison.Ordinal)) lock (charts) charts.Add(r.Url);
        };
        await console.SignInAsync(ConsoleFixture.UserOf("finance"), ConsoleFixture.Password);
        await console.Test("chart-money").WaitForAsync();
        lock (charts) Assert.NotEmpty(charts);
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheConsoleIsServedWithAStrictContentSecurityPolicyAndNoInlineScript()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.Address };
        using var response = await http.GetAsync("/console/members/whatever");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/console/assets/missing.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/console/..%2f..%2fappsettings.json")).StatusCode);
        // The API keeps its own policy.
        using var api = await http.GetAsync("/health/live");
        Assert.Equal("frame-ancestors 'none'", string.Join(";", api.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task WithoutABuiltConsoleTheServerStillStartsAndConsoleSaysHowToGetIt()
    {
        var empty = Directory.CreateTempSubdirectory("membercard-no-console").FullName;
        await using var server = await ConsoleServer.StartAsync(new Dictionary<string, string> { ["Console:Path"] = empty });
        using var http = new HttpClient { BaseAddress = server.Address };
        using var response = await http.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Node.js", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        Directory.Delete(empty);
    }

    private static long GzipLength(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        return output.Length;
    }
}
