using System.Globalization;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Runtime;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Errors;
using MemberCard.Server.Api.Requests;

namespace MemberCard.Server.Staff;

/// <summary>Log in with a staff account.</summary>
public sealed record TokenRequest(string? Username, string? Password);

/// <summary>A bearer token; log in again when it expires (there are no refresh tokens).</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string Role, string? StoreId);

/// <summary>/api/v1/auth: staff log-in.</summary>
public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", IssueToken).WithTags("Access").WithName(nameof(IssueToken))
            .WithSummary("Log in: a short-lived bearer token for a staff account").AllowAnonymous()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(429);
    }

    internal static async Task<IResult> IssueToken(
        TokenRequest request, HttpContext context, IGrainFactory grains, PasswordHasher passwords, JwtTokens tokens, LoginThrottle throttle)
    {
        var rules = new RequestRules();
        var username = rules.Text("username", request.Username, 64).ToLowerInvariant();
        var password = rules.Text("password", request.Password, 256);
        rules.ThrowIfAny();
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.RetryAfter(username, address) is { } wait)
        {
            // Written here rather than thrown: the exception handler would drop the Retry-After header.
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await ApiProblem.WriteAsync(context, ErrorCodes.RateLimited, "Too many failed log-ins; retry after the Retry-After delay.");
            return Results.Empty;
        }

        var credential = await grains.GetGrain<IStaffDirectoryGrain>(StaffEndpoints.DirectoryKey).FindAsync(username);
        var valid = credential is not null ? passwords.Verify(password, credential.PasswordHash) : Wasted(passwords, password);
        if (!valid || credential!.Account.Disabled)
        {
            throttle.Failed(username, address);
            throw new DomainException(ErrorCodes.Unauthorized, "Unknown username or wrong password.");
        }
        throttle.Succeeded(username);
        var account = credential.Account;
        var token = tokens.Issue(account.Username, account.Role, account.StoreId);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)tokens.Lifetime.TotalSeconds, account.Role, account.StoreId));
    }

    private static bool Wasted(PasswordHasher passwords, string password)
    {
        passwords.Waste(password);
        return false;
    }
}
