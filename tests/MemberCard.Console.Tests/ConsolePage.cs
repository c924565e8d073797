using System.Text.RegularExpressions;

namespace MemberCard.Console.Tests;

/// <summary>The console in one browser tab, with the few moves the tests repeat. Elements are found by data-test names.</summary>
public sealed partial class ConsolePage(IPage page)
{
    public IPage Page { get; } = page;

    /// <summary>JavaScript errors and CSP violations the page reported (a test asserts there are none).</summary>
    public List<string> Errors { get; } = Watch(page);

    private static List<string> Watch(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add("pageerror: " + e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Text.Contains("the server responded with a status of", StringComparison.Ordinal)) errors.Add("console: " + m.Text);
        };
        return errors;
    }

    public ILocator Test(string name) => Page.Locator($"[data-test='{name}']");

    /// <summary>The native input of an Element Plus input whose data-test is <paramref name="name"/>.</summary>
    public ILocator Input(string name) => Page.Locator($"input[data-test='{name}'], [data-test='{name}'] input").First;

    public async Task SignInAsync(string username, string password)
    {
        await Input("username").FillAsync(username);
        await Input("password").FillAsync(password);
        await Test("signin-submit").ClickAsync();
        await Test("menu").WaitForAsync();
        // The landing page is chosen by role (a redirect from /); wait for it before the test moves on.
        await Page.WaitForFunctionAsync("() => !/\\/console\\/(signin)?$/.test(location.pathname)");
    }

    /// <summary>Opens a page from the menu and waits until the app shows it.</summary>
    public async Task MenuAsync(string page)
    {
        // A click that lands while the previous page's chunk is still loading can be lost: try again, a few times.
        for (var attempt = 1; ; attempt++)
        {
            await Test("menu-" + page).ClickAsync();
            try
            {
                await Page.WaitForURLAsync($"**/console/{page}", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 5000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                // Not there yet: click again.
            }
        }
    }

    /// <summary>The menu entries shown, by page key (menu-dashboard → dashboard).</summary>
    public async Task<string[]> MenusAsync()
    {
        var ids = await Page.Locator("[data-test^='menu-']").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.test)");
        return [.. ids.Select(i => i["menu-".Length..])];
    }

    public async Task GoAsync(string path)
    {
        // In-app navigation keeps the in-memory session (a full page load would end it, by design).
        await Page.EvaluateAsync("p => { history.pushState({}, '', p); dispatchEvent(new PopStateEvent('popstate')); }", "/console" + path);
    }

    public async Task ScreenshotAsync(string name, bool fullPage = false)
    {
        Directory.CreateDirectory(ConsoleFixture.ScreenshotDirectory);
        await Page.WaitForTimeoutAsync(400);
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ConsoleFixture.ScreenshotDirectory, name + ".png"),
            FullPage = fullPage,
            Type = ScreenshotType.Png,
        });
    }

    /// <summary>"¥120.00" → 12000.</summary>
    public static long Fen(string text)
    {
        var m = MoneyPattern().Match(text);
        Assert.True(m.Success, $"no amount in '{text}'");
        return long.Parse(m.Groups[1].Value) * 100 + long.Parse(m.Groups[2].Value);
    }

    [GeneratedRegex(@"(-?\d+)\.(\d{2})")]
    private static partial Regex MoneyPattern();
}
