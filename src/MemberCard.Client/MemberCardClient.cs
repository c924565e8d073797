using Microsoft.Extensions.Http.Resilience;

namespace MemberCard.Client;

/// <summary>
/// The POS API v1 of a MemberCard server. Thread-safe; make one per server and keep it (it owns a connection pool).
/// With dependency injection use <c>services.AddMemberCardClient(o => ...)</c> instead of a constructor.
/// </summary>
public sealed class MemberCardClient : IDisposable
{
    /// <summary>The header that carries the API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client with its own connection pool and the retry rules of <paramref name="options"/>.</summary>
    public MemberCardClient(MemberCardClientOptions options)
        : this(options, CreateTransport(), disposeTransport: true)
    {
    }

    /// <summary>
    /// A client that sends through <paramref name="transport"/> (a handler of your own: a proxy, a test server), with the retry
    /// rules of <paramref name="options"/> in front of it.
    /// </summary>
    public MemberCardClient(MemberCardClientOptions options, HttpMessageHandler transport, bool disposeTransport = true)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (transport is null) throw new ArgumentNullException(nameof(transport));
        options.Validate();
        HttpMessageHandler handler = options.MaxRetryAttempts == 0
            ? transport
            : new ResilienceHandler(RetryPipeline.Build(options)) { InnerHandler = transport };
        _http = new HttpClient(handler, disposeTransport);
        Configure(_http, options);
        _ownsHttp = true;
        (Stores, Members, Cards, Coupons, Activities, Mall) = Parts(_http);
    }

    /// <summary>
    /// A client over an <see cref="HttpClient"/> that is set up already (base address, <c>X-Api-Key</c>, retries): what
    /// <c>AddMemberCardClient</c> does. The client does not dispose it.
    /// </summary>
    public MemberCardClient(HttpClient httpClient)
    {
        _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        (Stores, Members, Cards, Coupons, Activities, Mall) = Parts(_http);
    }

    /// <summary>Stores.</summary>
    public StoresClient Stores { get; }

    /// <summary>Members: registration, lookup, profile, tags, cards, tier changes.</summary>
    public MembersClient Members { get; }

    /// <summary>Cards: top-ups, purchases, refunds, freeze, replacement, ledger.</summary>
    public CardsClient Cards { get; }

    /// <summary>Coupons and purchase quotes.</summary>
    public CouponsClient Coupons { get; }

    /// <summary>Member activities: sign-up and check-in at the till.</summary>
    public ActivitiesClient Activities { get; }

    /// <summary>The points mall: rewards a member can exchange, exchanges, the store's gift queue.</summary>
    public MallClient Mall { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    internal static void Configure(HttpClient http, MemberCardClientOptions options)
    {
        http.BaseAddress = options.NormalizedBaseAddress;
        http.Timeout = options.Timeout;
        http.DefaultRequestHeaders.Remove(ApiKeyHeader);
        http.DefaultRequestHeaders.TryAddWithoutValidation(ApiKeyHeader, options.ApiKey);
    }

    private static (StoresClient, MembersClient, CardsClient, CouponsClient, ActivitiesClient, MallClient) Parts(HttpClient http)
    {
        var api = new ApiTransport(http);
        return (new StoresClient(api), new MembersClient(api), new CardsClient(api), new CouponsClient(api), new ActivitiesClient(api), new MallClient(api));
    }

    private static HttpMessageHandler CreateTransport() =>
#if NET5_0_OR_GREATER
        // Connections are renewed now and then, so that a server moved behind the same name is found again.
        new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false };
#else
        new HttpClientHandler { UseCookies = false };
#endif
}
