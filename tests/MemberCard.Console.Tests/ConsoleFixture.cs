namespace MemberCard.Console.Tests;

/// <summary>
/// One server on a fresh SQLite directory, one staff account per role, and Debian's Chromium (/usr/bin/chromium) driven by
/// Playwright, shared by the console tests.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Store = "S001";
    public const string Password = "console-test-password";
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly IReadOnlyDictionary<string, string?> Accounts = new Dictionary<string, string?>
    {
        ["admin"] = null,
        ["marketing"] = null,
        ["finance"] = null,
        ["store_manager"] = Store,
        ["cashier"] = Store,
    };

    private ConsoleServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ConsoleServer Server => _server ?? throw new InvalidOperationException("not started");
    public SeedApi Api { get; private set; } = null!;
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("not started");

    /// <summary>Where screenshots go: docs/console/ when MEMBERCARD_CONSOLE_SCREENSHOTS names it, else the test output.</summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("MEMBERCARD_CONSOLE_SCREENSHOTS") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (scripts/test.sh does when run as root).");
        _server = await ConsoleServer.StartAsync();
        Api = new SeedApi(_server.Address);
        await Api.CreateStoreAsync(Store);
        await Api.CreateStoreAsync("S002");
        foreach (var (role, store) in Accounts) await Api.CreateStaffAsync(UserOf(role), Password, role, store);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public static string UserOf(string role) => "u_" + role;

    /// <summary>A fresh browser context (its own memory, so its own session) on the console's sign-in page.</summary>
    public async Task<ConsolePage> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Locale = "zh-CN",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        var console = new ConsolePage(page);
        await page.GotoAsync("/console/");
        return console;
    }

    public async Task<ConsolePage> SignInAsync(string role)
    {
        var console = await OpenAsync();
        await console.SignInAsync(UserOf(role), Password);
        return console;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
