using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;

namespace MemberCard.Server.Staff;

/// <summary>Set a staff account's password.</summary>
/// <remarks>
/// An admin sets any account's password and sends no <c>currentPassword</c>; every other account changes only its own
/// and must send its current one.
/// </remarks>
public sealed record ChangePasswordRequest(
    [property: StringLength(StaffEndpoints.MaxPassword)] string? CurrentPassword,
    [property: Required, StringLength(StaffEndpoints.MaxPassword, MinimumLength = StaffEndpoints.MinPasswordLength)] string? NewPassword);

/// <summary>POST /api/v1/staff/{username}/password: admins for any account, staff for their own.</summary>
public static class StaffPasswordEndpoints
{
    public static void MapStaffPasswordEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/staff/{username}/password", ChangeStaffPassword).WithTags("Access").WithName(nameof(ChangeStaffPassword))
            .RequireAuthorization(Caller.AccountPolicy)
            .WithSummary("Change a staff account's password (admin, or the account itself)")
            .WithDescription("Sets a new password (at least 12 characters). An admin may set any account's; any other staff account only "
                + "its own, with `currentPassword`, which is checked like a log-in (a wrong one counts as a failed log-in and is 403 "
                + "`forbidden`; too many are 429 `rate_limited` with `Retry-After`). Every token of the account, including the one "
                + "used here, stops working within seconds on every silo: log in again. Answers 204.")
            .Produces(StatusCodes.Status204NoContent)
            .CanFail(ErrorCodes.StaffNotFound, ErrorCodes.ValidationFailed);
    }

    [Audited("staff.password")]
    internal static async Task<IResult> ChangeStaffPassword(
        string username, ChangePasswordRequest request, HttpContext context, IGrainFactory grains, PasswordHasher passwords,
        LoginThrottle throttle, PasswordHashingBudget hashing, StaffStampCache stamps)
    {
        username = username.ToLowerInvariant();
        var admin = context.User.IsInRole(Roles.Admin);
        if (!admin && !IsOwnAccount(context.User, username))
            throw new DomainException(ErrorCodes.Forbidden, "Only an admin may change another account's password.");
        var rules = new RequestRules();
        var newPassword = rules.Text("newPassword", request.NewPassword, StaffEndpoints.MaxPassword);
        if (newPassword.Length is > 0 and < StaffEndpoints.MinPasswordLength)
            rules.Fail("newPassword", $"newPassword must be at least {StaffEndpoints.MinPasswordLength} characters.");
        var currentPassword = admin ? "" : rules.Text("currentPassword", request.CurrentPassword, StaffEndpoints.MaxPassword);
        rules.ThrowIfAny();

        // The current password is checked as a log-in is: reserved against the lock-out first, inside the hashing budget.
        var attempt = default(LoginThrottle.Reservation);
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!admin && !throttle.TryReserve(username, address, out attempt, out var wait))
            return await AuthEndpoints.RefuseAsync(context, wait, "Too many failed log-ins; retry after the Retry-After delay.");
        var outcome = LoginOutcome.NotEvaluated;
        var directory = grains.GetGrain<IStaffDirectoryGrain>(StaffEndpoints.DirectoryKey);
        try
        {
            string hash;
            using (var slot = await hashing.TryEnterAsync(context.RequestAborted))
            {
                if (slot is null)
                    return await AuthEndpoints.RefuseAsync(context, TimeSpan.FromSeconds(1), "Too many passwords are being checked; retry after the Retry-After delay.");
                if (!admin)
                {
                    var credential = await directory.FindAsync(username);
                    outcome = credential is not null && passwords.Verify(currentPassword, credential.PasswordHash) ? LoginOutcome.Succeeded : LoginOutcome.Failed;
                    if (outcome == LoginOutcome.Failed) throw new DomainException(ErrorCodes.Forbidden, "The current password is wrong.");
                }
                hash = passwords.Hash(newPassword);
            }
            await directory.ChangePasswordAsync(new ChangeStaffPassword(username, hash, Caller.Actor(context)));
            stamps.Forget(username);
            return TypedResults.NoContent();
        }
        finally
        {
            if (outcome == LoginOutcome.Succeeded) attempt.Succeeded();
            else if (outcome == LoginOutcome.Failed) attempt.Failed();
            else attempt.Released();
        }
    }

    // Staff tokens name their account; an API key is never an account's own.
    private static bool IsOwnAccount(ClaimsPrincipal user, string username) =>
        user.Identity?.AuthenticationType == BearerAuthentication.SchemeName && user.Identity.Name == username;
}
