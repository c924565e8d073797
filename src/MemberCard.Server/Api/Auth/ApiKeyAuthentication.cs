using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using MemberCard.Grains.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MemberCard.Server.Api.Auth;

/// <summary>
/// Authenticates <c>X-Api-Key</c>: the key's SHA-256 names an API-key grain, which knows the role and store, read
/// through this silo's copy (<see cref="CurrentApiKeys"/>). Keys are never stored, only their hashes.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, CurrentApiKeys keys)
    : ProblemAuthenticationHandler(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    private const int MaxKeyLength = 256;

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values)) return AuthenticateResult.NoResult();
        var key = values.ToString();
        if (key.Length is 0 or > MaxKeyLength) return AuthenticateResult.Fail("Malformed API key.");
        var credential = await keys.GetAsync(HashOf(key));
        if (credential is null || credential.Revoked) return AuthenticateResult.Fail("Unknown or revoked API key.");
        var claims = new List<Claim>
        {
            new(Caller.KeyIdClaim, credential.KeyId),
            new(ClaimTypes.Role, credential.Role),
            new(ClaimTypes.Name, credential.Name),
        };
        if (credential.StoreId is not null) claims.Add(new Claim(Caller.StoreClaim, credential.StoreId));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override string ChallengeDetail => $"Send a valid key in the {Header} header.";
}
