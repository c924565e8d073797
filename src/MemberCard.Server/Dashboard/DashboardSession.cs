using MemberCard.Server.Api.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace MemberCard.Server.Dashboard;

/// <summary>
/// A browser cannot send a bearer header when it opens <c>/dashboard/</c> in a tab, so an admin signed in to the console
/// hands its staff token to <c>POST /api/v1/admin/dashboard/session</c>, which puts that same token in an HttpOnly,
/// SameSite=Strict cookie whose path is <c>/dashboard</c> and which ends with the token. The JwtBearer handler reads
/// the cookie on dashboard paths only, so every rule of a staff token (signature, expiry, role) applies unchanged, the
/// API under <c>/api</c> never sees the cookie (no CSRF there), and script on the page cannot read it.
/// </summary>
internal sealed class DashboardSession : IPostConfigureOptions<JwtBearerOptions>
{
    public const string CookieName = "mc_dashboard";
    public const string Path = "/dashboard";

    /// <summary>Whether the request is for the dashboard and carries its cookie (then the bearer scheme reads it).</summary>
    public static bool IsPresent(HttpRequest request) =>
        request.Path.StartsWithSegments(Path) && request.Cookies.ContainsKey(CookieName);

    public void PostConfigure(string? name, JwtBearerOptions options)
    {
        if (name != BearerAuthentication.SchemeName) return;
        var inner = options.Events.OnMessageReceived;
        options.Events.OnMessageReceived = async context =>
        {
            await inner(context);
            if (context.Token is null && !BearerAuthentication.IsPresent(context.Request) && IsPresent(context.Request))
                context.Token = context.Request.Cookies[CookieName];
        };
    }

    /// <summary>Sets the cookie to the request's bearer token, for as long as the token lives; false if there is none.</summary>
    public static bool Open(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!BearerAuthentication.IsPresent(context.Request)) return false;
        var token = header["Bearer ".Length..].Trim();
        // The system clock, as the token's own expiry check uses (JwtTokens).
        var left = new JsonWebToken(token).ValidTo - DateTime.UtcNow;
        context.Response.Cookies.Append(CookieName, token, Options(context, left > TimeSpan.Zero ? left : TimeSpan.Zero));
        return true;
    }

    /// <summary>Clears the cookie.</summary>
    public static void Close(HttpContext context) => context.Response.Cookies.Delete(CookieName, Options(context, null));

    private static CookieOptions Options(HttpContext context, TimeSpan? maxAge) => new()
    {
        Path = Path,
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        MaxAge = maxAge,
        IsEssential = true,
    };
}
