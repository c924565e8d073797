namespace MemberCard.Console.Tests;

/// <summary>The admin's back-office pages load their data from the API (and give docs/console.md its screenshots).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AdminPageTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task TheRulesPageShowsTheCurrentRuleSetAndARefusedPublishsErrorsAtTheirFields()
    {
        var console = await fixture.SignInAsync("admin");
        await console.MenuAsync("rules");
        await Assertions.Expect(console.Test("rules-current")).ToContainTextAsync("standard");
        await console.ScreenshotAsync("rules");
        await console.Input("rule-input-pointsPerYuan").FillAsync("-1");
        await console.Input("rule-input-pointsPerYuan").BlurAsync();
        await console.Test("rules-publish").ClickAsync();
        await Assertions.Expect(console.Test("error-code")).ToContainTextAsync("validation_failed");
        // The server's message is shown at the field it names.
        await Assertions.Expect(console.Test("rule-pointsPerYuan").Locator(".el-form-item__error")).ToContainTextAsync("pointsPerYuan must be");
        await Assertions.Expect(console.Test("rule-pointValue").Locator(".el-form-item__error")).ToHaveCountAsync(0);
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheStaffPageListsAccountsAndShowsANewTerminalKeyOnce()
    {
        var console = await fixture.SignInAsync("admin");
        await console.MenuAsync("staff");
        await Assertions.Expect(console.Test("staff-table")).ToContainTextAsync(ConsoleFixture.UserOf("cashier"));
        await console.Input("k-name").FillAsync("till 7");
        // The store picker lists the chain's stores (GET /stores): pick the seeded one from the list.
        await console.Test("k-store").ClickAsync();
        await console.Page.Locator(".el-select-dropdown__item:visible", new() { HasText = ConsoleFixture.Store }).First.ClickAsync();
        await Assertions.Expect(console.Test("k-store")).ToContainTextAsync(ConsoleFixture.Store);
        await console.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "新建终端密钥" }).ClickAsync();
        await Assertions.Expect(console.Test("shown-key")).Not.ToBeEmptyAsync();
        await console.ScreenshotAsync("staff");
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheAuditPageListsWhatStaffDid()
    {
        var console = await fixture.SignInAsync("admin");
        await console.MenuAsync("audit");
        await Assertions.Expect(console.Test("audit-table")).ToContainTextAsync("staff.create");
        await console.ScreenshotAsync("audit");

        // A time range is sent to the server (from/to), which answers only that range: a range in the past is empty.
        var inputs = console.Test("audit-range").Locator("input");
        await inputs.Nth(0).FillAsync("2020-01-01 00:00:00");
        await inputs.Nth(1).FillAsync("2020-01-02 00:00:00");
        await inputs.Nth(1).PressAsync("Enter");
        var request = console.Page.WaitForRequestAsync(r => r.Url.Contains("/api/v1/audit?", StringComparison.Ordinal) && r.Url.Contains("from=", StringComparison.Ordinal));
        await console.Test("audit-search").ClickAsync();
        var query = System.Web.HttpUtility.ParseQueryString(new Uri((await request).Url).Query);
        var (from, to) = (DateTimeOffset.Parse(query["from"]!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(query["to"]!, System.Globalization.CultureInfo.InvariantCulture));
        // The picked day in the browser's time zone; `to` is exclusive, one second after the picked end.
        Assert.Equal(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1), to - from);
        Assert.InRange(from, DateTimeOffset.Parse("2019-12-31T10:00:00Z"), DateTimeOffset.Parse("2020-01-01T14:00:00Z"));
        await Assertions.Expect(console.Test("audit-table").Locator(".el-table__body tr")).ToHaveCountAsync(0);
        Assert.Empty(console.Errors);
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheOperationsPageShowsTheStreamQueues()
    {
        var console = await fixture.SignInAsync("admin");
        await console.MenuAsync("operations");
        await Assertions.Expect(console.Test("ops-lag")).ToBeVisibleAsync();
        await Assertions.Expect(console.Test("ops-queues").Locator(".el-table__body tr").First).ToBeVisibleAsync();
        // The silos of GET /admin/cluster: the test server's one silo, active, the one that answered.
        var silos = console.Test("ops-silos").Locator(".el-table__body tr");
        await Assertions.Expect(silos).ToHaveCountAsync(1);
        await Assertions.Expect(silos.First.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "Active");
        await Assertions.Expect(silos.First).ToContainTextAsync("✓");
        // Its activations come from Orleans' management grain: the console's own calls have activated grains.
        Assert.True(int.Parse(await silos.First.Locator("[data-test='ops-activations']").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        await console.ScreenshotAsync("operations");
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdminOpensTheOrleansDashboardFromOperationsAndSigningOutClosesIt()
    {
        var console = await fixture.SignInAsync("admin");
        await console.MenuAsync("operations");
        await Assertions.Expect(console.Test("ops-silos").Locator(".el-table__body tr").First).ToContainTextAsync("✓");

        // The button buys the /dashboard cookie with the admin's token, then opens the dashboard in a new tab.
        var tab = new ConsolePage(await console.Page.Context.RunAndWaitForPageAsync(() => console.Test("ops-dashboard").ClickAsync()));
        await Assertions.Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dashboard/"));
        await Assertions.Expect(tab.Page.GetByText("Active Silos").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(tab.Page.GetByText("Total Activations").First).ToBeVisibleAsync();
        await tab.ScreenshotAsync("orleans-dashboard");
        Assert.Empty(tab.Errors); // the dashboard runs under the console's CSP: no violation, no script error
        await tab.Page.CloseAsync();

        // Signing out clears the cookie: the same browser gets 401 from the dashboard afterwards.
        await console.Test("signout").ClickAsync();
        await Assertions.Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        var after = await console.Page.Context.APIRequest.GetAsync("/dashboard/DashboardCounters");
        Assert.Equal(401, after.Status);
        Assert.Empty(console.Errors);
        await console.Page.Context.CloseAsync();
    }
}
