namespace MemberCard.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class CampaignTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task ACampaignCreatedInTheConsoleIssuesToTheSeededMembersWithProgressReaching100Percent()
    {
        var tag = "c" + Guid.NewGuid().ToString("N")[..10];
        var members = new List<string>();
        for (var i = 0; i < 12; i++) members.Add((await fixture.Api.MemberWithCardAsync(ConsoleFixture.Store, tag)).MemberId);
        await fixture.Api.MemberWithCardAsync(ConsoleFixture.Store, "someone-else");

        var console = await fixture.SignInAsync("marketing");
        Assert.EndsWith("/console/campaigns", console.Page.Url);
        await console.Input("c-name").FillAsync("满50减10 " + tag);
        await console.Input("c-amount").FillAsync("10");
        await console.Input("c-tags").FillAsync(tag);
        // The segment's size before creating: the 12 seeded members with the tag, counted by the server.
        await console.Test("c-count").ClickAsync();
        await Assertions.Expect(console.Test("c-count-result")).ToContainTextAsync("12 人");
        await console.ScreenshotAsync("campaigns");
        await console.Test("c-create").ClickAsync();
        await Assertions.Expect(console.Test("campaign-status")).ToHaveTextAsync("draft");
        await console.Test("campaign-start").ClickAsync();
        await Assertions.Expect(console.Test("progress-bar")).ToHaveAttributeAsync("data-percent", "100", new() { Timeout = 60_000 });
        await Assertions.Expect(console.Test("stats-issued")).ToHaveTextAsync("12", new() { Timeout = 20_000 });
        await Assertions.Expect(console.Test("progress-text")).ToContainTextAsync("12 / ");
        await console.ScreenshotAsync("campaign");

        var campaignId = console.Page.Url.Split('/')[^1];
        // The campaign list (GET /campaigns) shows it, newest first, with its status now.
        await console.MenuAsync("campaigns");
        var row = console.Test("campaign-list").Locator(".el-table__body tr", new() { HasText = campaignId });
        await Assertions.Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(console.Test("campaign-list").Locator(".el-table__body tr").First).ToContainTextAsync(tag);
        await console.ScreenshotAsync("campaign-list");
        foreach (var memberId in members)
        {
            var coupons = (await fixture.Api.GetAsync($"/api/v1/members/{memberId}/coupons"))["items"]!.AsArray();
            Assert.Single(coupons, c => c!["campaignId"]!.GetValue<string>() == campaignId);
        }
        Assert.Empty(console.Errors);
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACampaignOnAnUploadedListIssuesToThoseMembersOnly()
    {
        var listed = new List<string>();
        for (var i = 0; i < 3; i++) listed.Add((await fixture.Api.MemberWithCardAsync(ConsoleFixture.Store)).MemberId);
        var console = await fixture.SignInAsync("marketing");
        await console.Input("c-name").FillAsync("名单券 " + Guid.NewGuid().ToString("N")[..6]);
        await console.Test("c-uploaded").ClickAsync();
        await console.Test("c-create").ClickAsync();
        await Assertions.Expect(console.Test("campaign-status")).ToHaveTextAsync("draft");
        await console.Page.Locator("textarea[data-test='campaign-targets'], [data-test='campaign-targets'] textarea").First
            .FillAsync(string.Join("\n", listed));
        await console.Test("campaign-upload").ClickAsync();
        await Assertions.Expect(console.Page.Locator(".el-message", new() { HasText = "已添加 3，无效 0" })).ToBeVisibleAsync();
        await console.Test("campaign-start").ClickAsync();
        await Assertions.Expect(console.Test("progress-bar")).ToHaveAttributeAsync("data-percent", "100", new() { Timeout = 60_000 });
        await Assertions.Expect(console.Test("stats-issued")).ToHaveTextAsync("3", new() { Timeout = 20_000 });
        await console.Page.Context.CloseAsync();
    }
}
