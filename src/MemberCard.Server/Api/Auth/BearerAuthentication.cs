using System.Security.Claims;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Shared;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace MemberCard.Server.Api.Auth;

/// <summary>
/// Sets up the JwtBearer handler for <c>Authorization: Bearer &lt;jwt&gt;</c> issued to staff by <c>POST /api/v1/auth/token</c>:
/// the rules of <see cref="JwtTokens"/>, the account's current security stamp (<see cref="StaffStampCache"/>), the same
/// claims an API key gives, and 401/403 as the API's problem details.
/// </summary>
internal sealed class BearerAuthentication(JwtTokens tokens, StaffStampCache stamps, IGrainFactory grains) : IConfigureNamedOptions<JwtBearerOptions>
{
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;
    private const string Prefix = "Bearer ";
    private const string ChallengeDetail = "Send a valid, unexpired bearer token or an X-Api-Key.";

    /// <summary>Whether the request carries a bearer token (otherwise the API-key scheme handles it).</summary>
    public static bool IsPresent(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != SchemeName) return;
        options.MapInboundClaims = false;
        options.TokenValidationParameters = tokens.ValidationParameters;
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = async context =>
            {
                if (context.SecurityToken is not JsonWebToken token || JwtTokens.IdentityOf(token, SchemeName) is not { } identity)
                {
                    context.Fail("The token names no account or role.");
                    return;
                }
                // A directory that cannot be read at all throws here: the handler rethrows it and the request is a 503,
                // never a token accepted unchecked.
                var valid = identity.HasClaim(c => c.Type == Caller.MemberClaim)
                    ? MemberStillValid(await grains.GrainOf<IMemberSessionGrain>(identity.Name!).GetSessionAsync(), JwtTokens.StampOf(token))
                    : StillValid(await stamps.GetAsync(identity.Name!), JwtTokens.StampOf(token));
                if (!valid)
                {
                    context.Fail("The account was disabled, the member erased, or the credentials changed since the token was issued.");
                    return;
                }
                context.Principal = new ClaimsPrincipal(identity);
            },
            // Handled here, so no bare 401 and no WWW-Authenticate header: the same answer as for a bad X-Api-Key.
            OnChallenge = context =>
            {
                context.HandleResponse();
                return ProblemAuthenticationHandler.WriteChallengeAsync(context.HttpContext, ChallengeDetail);
            },
            OnForbidden = context => ProblemAuthenticationHandler.WriteForbiddenAsync(context.HttpContext),
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    /// <summary>Whether a member token carrying <paramref name="tokenStamp"/> still speaks for the member (not erased, phone unchanged).</summary>
    internal static bool MemberStillValid(MemberSession? session, string? tokenStamp) =>
        session is not null && string.Equals(session.Stamp, tokenStamp ?? "", StringComparison.Ordinal);

    /// <summary>Whether a token carrying <paramref name="tokenStamp"/> still speaks for the account (null stamps: never changed).</summary>
    internal static bool StillValid(StaffStamp? account, string? tokenStamp) =>
        account is { Disabled: false } && string.Equals(account.SecurityStamp, tokenStamp, StringComparison.Ordinal);
}
