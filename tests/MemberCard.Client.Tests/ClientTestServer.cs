using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MemberCard.Client.Tests;

/// <summary>
/// The whole server (silo + REST) in the test process on a fresh SQLite directory, as tests/MemberCard.Api.Tests hosts it,
/// and clients that reach it through the in-memory test server. One per test class (or per test, when it needs its own
/// settings); tests isolate by random store ids and phones.
/// </summary>
public sealed class ClientTestServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The bootstrap admin key.</summary>
    public const string AdminKey = "client-test-admin-key-0123456789";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "membercard-client-tests", Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <summary>For xunit's class fixtures: default settings.</summary>
    public ClientTestServer() : this(new Dictionary<string, string?>())
    {
    }

    private ClientTestServer(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    /// <summary>Starts a server of its own with configuration overrides.</summary>
    public static ClientTestServer Start(IReadOnlyDictionary<string, string?> settings)
    {
        var server = new ClientTestServer(settings);
        server.StartServer();
        return server;
    }

    /// <summary>Starts a server of its own on real Kestrel at a free loopback port, for clients that open real sockets.</summary>
    public static ClientTestServer StartOnKestrel()
    {
        var server = new ClientTestServer(new Dictionary<string, string?>());
        server.UseKestrel(0);
        server.StartServer();
        return server;
    }

    /// <summary>Where the server listens (the in-memory test server's address, or Kestrel's loopback address).</summary>
    public Uri Address
    {
        get
        {
            using var http = CreateClient();
            return http.BaseAddress!;
        }
    }

    /// <summary>
    /// A client as an integrator makes it, whose requests go through <paramref name="between"/> (a test's fault handler, below the
    /// client's retries) to the test server.
    /// </summary>
    public MemberCardClient CreateMemberCardClient(Action<MemberCardClientOptions>? configure = null, DelegatingHandler? between = null, string apiKey = AdminKey)
    {
        var options = new MemberCardClientOptions { BaseAddress = Server.BaseAddress, ApiKey = apiKey, RetryDelay = TimeSpan.FromMilliseconds(10) };
        configure?.Invoke(options);
        HttpMessageHandler transport = Server.CreateHandler();
        if (between is not null)
        {
            between.InnerHandler = transport;
            transport = between;
        }
        return new MemberCardClient(options, transport);
    }

    /// <summary>A raw client with the admin key, for what the POS client does not do (API keys, campaigns).</summary>
    public HttpClient CreateAdminHttpClient()
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Add(MemberCardClient.ApiKeyHeader, AdminKey);
        return http;
    }

    /// <summary>A store id no other test uses.</summary>
    public static string NewStoreId() => "S" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A phone number no other test uses: 139 followed by eight digits.</summary>
    public static string NewPhone() => "139" + Random.Shared.Next(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A random valid resident ID number: region 110105, a birth date in 1950–2004, its GB 11643-1999 check character.</summary>
    public static string NewIdNumber()
    {
        var body = "110105" + new DateOnly(1950, 1, 1).AddDays(Random.Shared.Next(20_000)).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)
            + Random.Shared.Next(1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        return body + "10X98765432"[body.Select((c, i) => (c - '0') * weights[i]).Sum() % 11];
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_dataDirectory);
        builder.UseEnvironment("Testing");
        builder.UseSetting("MEMBERCARD_BOOTSTRAP_API_KEY", AdminKey);
        builder.UseSetting("Storage:Provider", "sqlite");
        builder.UseSetting("Storage:Sqlite:DataDirectory", _dataDirectory);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    Task IAsyncLifetime.InitializeAsync()
    {
        StartServer();
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held open must not fail the test; temp space is reclaimed anyway.
        }
    }
}
