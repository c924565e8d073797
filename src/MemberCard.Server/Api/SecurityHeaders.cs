namespace MemberCard.Server.Api;

/// <summary>
/// Headers that keep browsers from misusing API answers: no MIME sniffing, no framing (clickjacking), no
/// referrer leaks, no caching of API responses (they hold member data); HSTS only over HTTPS, where it means something.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>
    /// The admin console's policy: its own scripts only (no inline or eval), API calls to this origin only, no plugins,
    /// no framing. Styles allow inline because Element Plus and ECharts position elements with style attributes.
    /// </summary>
    internal const string ConsolePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/console") ? ConsolePolicy : "frame-ancestors 'none'";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.Path.StartsWithSegments("/api")) headers.CacheControl = "no-store";
            if (context.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
