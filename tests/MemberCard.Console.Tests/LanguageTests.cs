namespace MemberCard.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class LanguageTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task ChineseIsTheDefaultAndEnglishIsASwitch()
    {
        var console = await fixture.OpenAsync();
        await Assertions.Expect(console.Test("signin-title")).ToContainTextAsync("员工登录");
        await console.ScreenshotAsync("signin");
        await console.SignInAsync(ConsoleFixture.UserOf("admin"), ConsoleFixture.Password);
        await Assertions.Expect(console.Test("menu-members")).ToHaveTextAsync("会员");
        await Assertions.Expect(console.Test("menu-cashier")).ToHaveTextAsync("收银台");

        await console.Test("language").ClickAsync();
        await console.Page.Locator(".el-select-dropdown__item:visible", new() { HasText = "English" }).ClickAsync();
        await Assertions.Expect(console.Test("menu-members")).ToHaveTextAsync("Members");
        await Assertions.Expect(console.Test("menu-cashier")).ToHaveTextAsync("Cashier");
        await Assertions.Expect(console.Test("menu-dashboard")).ToHaveTextAsync("Dashboard");
        Assert.Equal("en", await console.Page.EvaluateAsync<string>("document.documentElement.lang"));
        await console.ScreenshotAsync("english");
        Assert.Empty(console.Errors);
        await console.Page.Context.CloseAsync();
    }
}
