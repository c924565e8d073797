namespace MemberCard.Server.Api;

/// <summary>
/// Headers that keep browsers from misusing API answers: no MIME sniffing, no framing (clickjacking), no
/// referrer leaks, no caching of API responses (they hold member data); HSTS only over HTTPS, where it means something.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>
    /// The policy of the pages a browser runs, the admin console and the Orleans dashboard: their own scripts only (no
    /// inline or eval), calls to this origin only, no plugins, no framing. Styles allow inline because Element Plus,
    /// ECharts and the dashboard position elements with style attributes.
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
            headers.ContentSecurityPolicy = IsPage(context.Request.Path) ? ConsolePolicy : "frame-ancestors 'none'";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.Path.StartsWithSegments("/api")) headers.CacheControl = "no-store";
            if (context.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool IsPage(PathString path) => path.StartsWithSegments("/console") || path.StartsWithSegments("/dashboard");
}
