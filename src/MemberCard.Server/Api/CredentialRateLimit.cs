using System.Security.Claims;
using MemberCard.Abstractions;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Errors;

namespace MemberCard.Server.Api;

/// <summary>
/// The per-credential token bucket on <c>/api/v1</c> (<c>RateLimiting:TokensPerSecond</c>, <c>RateLimiting:Burst</c>):
/// partitioned by the caller's credential, or by the client address before authentication; over it, 429
/// <c>rate_limited</c> with <c>Retry-After</c>. Ours, not ASP.NET Core's <c>UseRateLimiter</c>: that middleware never
/// disposes the limiter it builds (dotnet/aspnetcore#69061), whose timer kept every stopped server of a process alive
/// with its silo, so a test process grew by one server per test and every later silo start's full GC got slower.
/// </summary>
internal sealed class CredentialRateLimit(RequestDelegate next, CredentialRateLimit.Buckets buckets)
{
    private static readonly PathString Api = "/api/v1";

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Api)) return next(context);
        var key = context.User.FindFirstValue(Caller.KeyIdClaim) ?? $"ip:{context.Connection.RemoteIpAddress}";
        if (buckets.TryTake(key, out var retryAfter)) return next(context);
        ApiProblem.SetRetryAfter(context.Response, retryAfter);
        return ApiProblem.WriteAsync(context, ErrorCodes.RateLimited, "Slow down and retry after the Retry-After delay.");
    }

    /// <summary>The buckets, a singleton DI disposes with the server.</summary>
    internal sealed class Buckets(IConfiguration configuration) : TokenBuckets(
        configuration.GetValue("RateLimiting:Burst", 4000), configuration.GetValue("RateLimiting:TokensPerSecond", 2000), TimeSpan.FromSeconds(1));
}
