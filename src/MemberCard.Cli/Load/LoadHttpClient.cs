using System.Net;
using MemberCard.Client;

namespace MemberCard.Cli.Load;

/// <summary>The one connection pool of a run, shared by all tills and targets, and a POS client per target over it.</summary>
internal static class LoadHttpClient
{
    public static SocketsHttpHandler CreateTransport(LoadOptions options) => new()
    {
        // One connection per till, like real tills; the pool per target is separate.
        MaxConnectionsPerServer = Math.Max(Math.Max(options.Clients, options.SeedParallelism), options.Burst ?? 0),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        // Long-lived connections: reconnecting in the middle of a round would show up as latency.
        PooledConnectionLifetime = TimeSpan.FromHours(2),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    public static MemberCardClient CreateClient(LoadOptions options, LoadTarget target, HttpMessageHandler transport) => new(
        new MemberCardClientOptions
        {
            BaseAddress = target.BaseUrl,
            ApiKey = options.ApiKey,
            // Every attempt is measured and counted as it went: the client's retries would hide the failures the run must report.
            // The seeder retries by itself, and counts it.
            MaxRetryAttempts = 0,
            // Time-outs are per request (RequestDeadline), covering the body too, not only the headers.
            Timeout = Timeout.InfiniteTimeSpan,
        },
        new WireStatus { InnerHandler = transport },
        disposeTransport: false);

    /// <summary>A plain client for the target's <c>GET /health/live</c> (the <c>ping</c> operation), over the same connections.</summary>
    public static HttpClient CreateHealthClient(LoadTarget target, HttpMessageHandler transport) => new(transport, disposeHandler: false)
    {
        BaseAddress = target.BaseUrl,
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
