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
        await console.Input("k-store").FillAsync(ConsoleFixture.Store);
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
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheOperationsPageShowsTheStreamQueues()
    {
        var console = await fixture.SignInAsync("admin");
        await console.MenuAsync("operations");
        await Assertions.Expect(console.Test("ops-lag")).ToBeVisibleAsync();
        await Assertions.Expect(console.Test("ops-queues").Locator(".el-table__body tr").First).ToBeVisibleAsync();
        await console.ScreenshotAsync("operations");
        await console.Page.Context.CloseAsync();
    }
}
