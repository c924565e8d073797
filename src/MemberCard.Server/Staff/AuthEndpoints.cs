using System.ComponentModel.DataAnnotations;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Errors;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;

namespace MemberCard.Server.Staff;

/// <summary>Log in with a staff account.</summary>
public sealed record TokenRequest(
    [property: Required, StringLength(StaffEndpoints.MaxUsername, MinimumLength = 1)] string? Username,
    [property: Required, StringLength(StaffEndpoints.MaxPassword, MinimumLength = 1)] string? Password);

/// <summary>A bearer token; log in again when it expires (there are no refresh tokens).</summary>
/// <remarks><c>expiresIn</c> in seconds; send the token as <c>Authorization: Bearer &lt;accessToken&gt;</c>.</remarks>
public sealed record TokenResponse(
    string AccessToken, [property: AllowedValues("Bearer")] string TokenType, int ExpiresIn,
    [property: AllowedValues(Roles.Admin, Roles.Marketing, Roles.Finance, Roles.StoreManager, Roles.Cashier)] string Role, string? StoreId);

/// <summary>/api/v1/auth: staff log-in.</summary>
public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", IssueToken).WithTags("Access").WithName(nameof(IssueToken))
            .WithSummary("Log in: a short-lived bearer token for a staff account").AllowAnonymous()
            .WithDescription("Exchanges a staff account's username and password for a bearer token (there are no refresh tokens: "
                + "log in again when it expires). Repeated failures for a username or an address are refused for a while: 429 with "
                + "`Retry-After`.")
            .Produces<TokenResponse>(StatusCodes.Status200OK)
            .CanFail(ErrorCodes.Unauthorized, ErrorCodes.RateLimited, ErrorCodes.ValidationFailed);
    }

    internal static async Task<IResult> IssueToken(
        TokenRequest request, HttpContext context, IGrainFactory grains, PasswordHasher passwords, JwtTokens tokens, LoginThrottle throttle,
        PasswordHashingBudget hashing)
    {
        var rules = new RequestRules();
        var username = rules.Text("username", request.Username, StaffEndpoints.MaxUsername).ToLowerInvariant();
        var password = rules.Text("password", request.Password, StaffEndpoints.MaxPassword);
        rules.ThrowIfAny();
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        // Reserved before anything is checked: it counts as a failure until the password proves right.
        if (!throttle.TryReserve(username, address, out var attempt, out var wait))
            return await RefuseAsync(context, wait, "Too many failed log-ins; retry after the Retry-After delay.");

        var outcome = LoginOutcome.NotEvaluated;
        try
        {
            // The budget comes before the directory look-up: a refused log-in costs no grain call either, and known and
            // unknown usernames are refused alike.
            StaffCredential? credential;
            bool valid;
            using (var slot = await hashing.TryEnterAsync(context.RequestAborted))
            {
                if (slot is null)
                    return await RefuseAsync(context, TimeSpan.FromSeconds(1), "Too many log-ins are being checked; retry after the Retry-After delay.");
                credential = await grains.GetGrain<IStaffDirectoryGrain>(StaffEndpoints.DirectoryKey).FindAsync(username);
                valid = credential is not null ? passwords.Verify(password, credential.PasswordHash) : Wasted(passwords, password);
            }
            if (!valid || credential!.Account.Disabled)
            {
                outcome = LoginOutcome.Failed;
                throw new DomainException(ErrorCodes.Unauthorized, "Unknown username or wrong password.");
            }
            outcome = LoginOutcome.Succeeded;
            var account = credential.Account;
            var token = tokens.Issue(account.Username, account.Role, account.StoreId, credential.SecurityStamp);
            return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)tokens.Lifetime.TotalSeconds, account.Role, account.StoreId));
        }
        finally
        {
            if (outcome == LoginOutcome.Succeeded) attempt.Succeeded();
            else if (outcome == LoginOutcome.Failed) attempt.Failed();
            else attempt.Released();
        }
    }

    // Written here rather than thrown: the exception handler would drop the Retry-After header.
    internal static async Task<IResult> RefuseAsync(HttpContext context, TimeSpan wait, string detail)
    {
        ApiProblem.SetRetryAfter(context.Response, wait);
        await ApiProblem.WriteAsync(context, ErrorCodes.RateLimited, detail);
        return Results.Empty;
    }

    private static bool Wasted(PasswordHasher passwords, string password)
    {
        passwords.Waste(password);
        return false;
    }
}

internal enum LoginOutcome
{
    NotEvaluated,
    Failed,
    Succeeded,
}
