using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MemberCard.Server.Api;

/// <summary>
/// <c>Api:TrustedProxies</c> (addresses or networks, e.g. <c>172.28.0.0/24</c>, comma-separated): requests from them
/// carry the client's address in <c>X-Forwarded-For</c>, which then becomes the connection's remote address (per-address
/// limits of staff log-in and member sign-in, the audit). Unset: the connection's own address, and the header is ignored,
/// so nobody can pick their own address.
/// </summary>
public static class TrustedProxies
{
    /// <summary>Uses the forwarded address of requests from the configured proxies, if any are configured.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var configured = app.Configuration["Api:TrustedProxies"];
        if (string.IsNullOrWhiteSpace(configured)) return app;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/')) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            else options.KnownProxies.Add(IPAddress.Parse(entry));
        }
        app.UseForwardedHeaders(options);
        return app;
    }
}
