using System.Net;

namespace MemberCard.Cli.Load;

/// <summary>The one HttpClient of a run, shared by all tills and targets.</summary>
internal static class LoadHttpClient
{
    public static HttpClient Create(LoadOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // One connection per till, like real tills; the pool per target is separate.
            MaxConnectionsPerServer = Math.Max(options.Clients, options.SeedParallelism),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Long-lived connections: reconnecting in the middle of a round would show up as latency.
            PooledConnectionLifetime = TimeSpan.FromHours(2),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        // Time-outs are per request (RequestDeadline), covering the body too, not only the headers.
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);
        return http;
    }
}
