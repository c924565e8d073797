using System.ComponentModel.DataAnnotations;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Members;
using MemberCard.Grains.Shared;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Me;

/// <summary>Ask for a sign-in code for a phone.</summary>
public sealed record SignInCodeRequest([property: Required] string? Phone);

/// <summary>The same answer for every phone: when the code (if any) expires and when another may be asked for (seconds).</summary>
public sealed record SignInCodeResponse(int ExpiresIn, int ResendAfter);

/// <summary>Sign in with the phone and the code it received.</summary>
public sealed record MemberTokenRequest([property: Required] string? Phone, [property: Required, StringLength(6, MinimumLength = 6)] string? Code);

/// <summary>A member token: send it as <c>Authorization: Bearer &lt;accessToken&gt;</c> to <c>/api/v1/me</c>; sign in again when it expires.</summary>
public sealed record MemberTokenResponse(string AccessToken, [property: AllowedValues("Bearer")] string TokenType, int ExpiresIn, string MemberId);

/// <summary>/api/v1/member-auth: a member signs in with a one-time code sent to their phone (docs/security.md, "Member self-service").</summary>
public static class MemberSignInEndpoints
{
    public static void MapMemberSignInEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/member-auth").WithTags("Member self-service").AllowAnonymous();
        auth.MapPost("/code", RequestSignInCode).WithName(nameof(RequestSignInCode))
            .WithSummary("Send a sign-in code to a member's phone")
            .WithDescription("Sends a 6-digit code (valid 5 minutes) through the notification channel when a member has this phone. "
                + "The answer is the same whether or not the phone is registered. One code a minute and five a day per phone, "
                + "and a limit per client address: 429 with `Retry-After`.")
            .Produces<SignInCodeResponse>(StatusCodes.Status202Accepted)
            .CanFail(ErrorCodes.RateLimited, ErrorCodes.ValidationFailed);
        auth.MapPost("/token", IssueMemberToken).WithName(nameof(IssueMemberToken))
            .WithSummary("Sign in with the code: a member token")
            .WithDescription("A wrong code is 401 `sign_in_code_invalid` (tries left in the detail); an expired one, or none asked for, "
                + "401 `sign_in_code_expired`; the fifth wrong code locks the phone's sign-in for 15 minutes (429 with `Retry-After`).")
            .Produces<MemberTokenResponse>(StatusCodes.Status200OK)
            .CanFail(ErrorCodes.SignInCodeInvalid, ErrorCodes.SignInCodeExpired, ErrorCodes.RateLimited, ErrorCodes.ValidationFailed);
    }

    internal static async Task<Accepted<SignInCodeResponse>> RequestSignInCode(
        SignInCodeRequest request, HttpContext context, IGrainFactory grains, PhoneIndex phones, SignInThrottle throttle, TimeProvider clock)
    {
        var rules = new RequestRules();
        var phone = rules.Phone("phone", request.Phone);
        rules.ThrowIfAny();
        if (!throttle.TryCode(AddressOf(context), out var wait)) throw Limited(wait);
        var sent = await SignInOf(grains, phones, phone).RequestCodeAsync(phone);
        return TypedResults.Accepted((string?)null, new SignInCodeResponse(Seconds(sent.ExpiresAt - clock.GetUtcNow()), Seconds(sent.ResendAfter)));
    }

    internal static async Task<Ok<MemberTokenResponse>> IssueMemberToken(
        MemberTokenRequest request, HttpContext context, IGrainFactory grains, PhoneIndex phones, SignInThrottle throttle, JwtTokens tokens)
    {
        var rules = new RequestRules();
        var phone = rules.Phone("phone", request.Phone);
        var code = rules.Text("code", request.Code, 6);
        if (code.Length > 0 && (code.Length != 6 || !code.All(char.IsAsciiDigit))) rules.Fail("code", "code is the 6 digits the phone received.");
        rules.ThrowIfAny();
        if (!throttle.TryCheck(AddressOf(context), out var wait)) throw Limited(wait);
        var memberId = await SignInOf(grains, phones, phone).VerifyAsync(code);
        // Erased, or the phone moved to another member or number, since the code was sent: it signs in nobody.
        var session = await phones.FindMemberIdAsync(phone) == memberId ? await grains.GrainOf<IMemberSessionGrain>(memberId).GetSessionAsync() : null;
        if (session is null) throw new DomainException(ErrorCodes.SignInCodeExpired, "No valid code for this phone; ask for a new one.");
        var token = tokens.IssueMember(session.MemberId, session.Stamp);
        return TypedResults.Ok(new MemberTokenResponse(token, "Bearer", (int)tokens.Lifetime.TotalSeconds, session.MemberId));
    }

    private static IPhoneSignInGrain SignInOf(IGrainFactory grains, PhoneIndex phones, string phone) =>
        grains.GrainOf<IPhoneSignInGrain>(phones.ClaimFor(phone).Key);

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static int Seconds(TimeSpan span) => Math.Max(0, (int)Math.Ceiling(span.TotalSeconds));

    private static DomainException Limited(TimeSpan wait) =>
        new(ErrorCodes.RateLimited, "Too many sign-in requests from this address; retry after the Retry-After delay.") { RetryAfter = wait };
}
