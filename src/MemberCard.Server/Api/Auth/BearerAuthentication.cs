using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MemberCard.Server.Api.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;jwt&gt;</c> issued to staff by <c>POST /api/v1/auth/token</c>.</summary>
internal sealed class BearerAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, JwtTokens tokens)
    : ProblemAuthenticationHandler(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string Prefix = "Bearer ";

    /// <summary>Whether the request carries a bearer token (otherwise the API-key scheme handles it).</summary>
    public static bool IsPresent(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());
        var identity = tokens.Validate(header[Prefix.Length..].Trim(), SchemeName);
        return Task.FromResult(identity is null
            ? AuthenticateResult.Fail("Invalid or expired token.")
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override string ChallengeDetail => "Send a valid, unexpired bearer token or an X-Api-Key.";
}
