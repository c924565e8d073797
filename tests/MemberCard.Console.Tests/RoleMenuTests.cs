namespace MemberCard.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class RoleMenuTests(ConsoleFixture fixture)
{
    public static TheoryData<string, string[]> Roles => new()
    {
        { "admin", ["dashboard", "members", "cashier", "campaigns", "rules", "staff", "audit", "operations"] },
        { "marketing", ["campaigns"] },
        { "finance", ["dashboard"] },
        { "store_manager", ["dashboard", "members", "cashier"] },
        { "cashier", ["members", "cashier"] },
    };

    private static readonly string[] AllPages = ["dashboard", "members", "cashier", "campaigns", "rules", "staff", "audit", "operations"];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task EachRoleSeesExactlyItsMenusAndIsRefusedTheRest(string role, string[] expected)
    {
        var console = await fixture.SignInAsync(role);
        Assert.Equal(expected, await console.MenusAsync());
        foreach (var page in AllPages.Except(expected))
        {
            await console.GoAsync("/" + page);
            await console.Test("forbidden").WaitForAsync();
        }
        foreach (var page in expected)
        {
            await console.MenuAsync(page);
            Assert.Equal(0, await console.Test("forbidden").CountAsync());
        }
        Assert.Empty(console.Errors);
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task SigningOutEndsTheSessionWithAMessage()
    {
        var console = await fixture.SignInAsync("cashier");
        await console.Test("signout").ClickAsync();
        await console.Test("session-notice").WaitForAsync();
        Assert.Contains("已退出登录", await console.Test("session-notice").InnerTextAsync());
        await console.GoAsync("/cashier");
        await console.Input("username").WaitForAsync();
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task AWrongPasswordShowsTheServersMessageAndCode()
    {
        var console = await fixture.OpenAsync();
        await console.Input("username").FillAsync(ConsoleFixture.UserOf("cashier"));
        await console.Input("password").FillAsync("not-the-password");
        await console.Test("signin-submit").ClickAsync();
        await console.Test("error-code").WaitForAsync();
        Assert.Contains("unauthorized", await console.Test("error-code").InnerTextAsync());
        await console.Page.Context.CloseAsync();
    }
}
