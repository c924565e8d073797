namespace MemberCard.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class DashboardTests(ConsoleFixture fixture)
{
    private static readonly string[] Charts = ["members", "money", "liability", "points"];

    [Fact]
    public async Task TheDashboardsChartsDrawTheReportApisData()
    {
        for (var i = 0; i < 3; i++)
        {
            var (_, cardNo) = await fixture.Api.MemberWithCardAsync(ConsoleFixture.Store);
            await fixture.Api.TopUpAsync(cardNo, 10000, ConsoleFixture.Store);
            await fixture.Api.PurchaseAsync(cardNo, 2500, ConsoleFixture.Store);
        }
        // The reports are a projection of the ledger's events: wait until the API counts what was seeded.
        var topUpPrincipal = await WaitForReportAsync();

        var console = await fixture.SignInAsync("finance");
        Assert.EndsWith("/console/dashboard", console.Page.Url);
        await Assertions.Expect(console.Test("kpi-topup")).ToHaveTextAsync($"¥{topUpPrincipal / 100}.{topUpPrincipal % 100:D2}");
        foreach (var chart in Charts)
        {
            var element = console.Test("chart-" + chart);
            Assert.True(int.Parse((await element.GetAttributeAsync("data-points"))!) > 0, $"{chart} has no data points");
            Assert.True(await InkAsync(element, 45, 42) > 50, $"{chart} draws nothing above zero");
        }
        Assert.True(int.Parse((await console.Test("chart-coupons").GetAttributeAsync("data-points"))!) > 0, "the coupon chart has no data points");
        await Assertions.Expect(console.Test("chart-cohorts")).ToBeVisibleAsync();
        Assert.True(await InkAsync(console.Test("chart-cohorts"), 22, 75) > 50, "the cohort heatmap draws no cell");

        var download = await console.Page.RunAndWaitForDownloadAsync(() => console.Test("csv").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("topUpPrincipal", csv);
        Assert.Contains(topUpPrincipal.ToString(System.Globalization.CultureInfo.InvariantCulture), csv);
        await console.ScreenshotAsync("dashboard", fullPage: true);
        Assert.Empty(console.Errors);
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task AStoreManagersDashboardIsTheirOwnStore()
    {
        var console = await fixture.SignInAsync("store_manager");
        // The store picker shows the own store and cannot be changed.
        await Assertions.Expect(console.Test("store")).ToContainTextAsync(ConsoleFixture.Store);
        await Assertions.Expect(console.Input("store")).ToBeDisabledAsync();
        await Assertions.Expect(console.Test("chart-money")).ToBeVisibleAsync();
        Assert.Equal(0, await console.Test("api-error").CountAsync());
        await console.Page.Context.CloseAsync();
    }

    /// <summary>The chain's top-up principal once the projection has caught up: at least the seeded ¥300 and the same twice in a row.</summary>
    private async Task<long> WaitForReportAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long previous = -1;
        while (true)
        {
            var items = (await fixture.Api.GetAsync("/api/v1/reports/summary"))["items"]!.AsArray();
            var principal = items.Sum(i => SeedApi.Long(i!["topUpPrincipal"]));
            if (principal >= 30000 && principal == previous) return principal;
            previous = principal;
            Assert.True(DateTime.UtcNow < deadline, "the reports did not count the seeded top-ups within 60 s");
            await Task.Delay(1000);
        }
    }

    /// <summary>
    /// Coloured pixels (series colours; axes, grid lines and labels are grey) in the plot area between
    /// <paramref name="top"/> and <paramref name="bottom"/> CSS pixels from the canvas's edges: above the zero line, so an
    /// all-zero or empty series draws none.
    /// </summary>
    private static Task<int> InkAsync(Microsoft.Playwright.ILocator chart, int top, int bottom) =>
        chart.Locator("canvas").First.EvaluateAsync<int>("""
        (c, [top, bottom]) => {
          const r = c.width / c.clientWidth;
          const y0 = Math.round(top * r), y1 = Math.round(c.height - bottom * r);
          const d = c.getContext('2d').getImageData(0, y0, c.width, Math.max(1, y1 - y0)).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] < 128) continue;
            const max = Math.max(d[i], d[i + 1], d[i + 2]), min = Math.min(d[i], d[i + 1], d[i + 2]);
            if (max - min > 60) n++;
          }
          return n;
        }
        """, new[] { top, bottom });
}
