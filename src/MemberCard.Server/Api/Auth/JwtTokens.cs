using System.Security.Claims;
using System.Security.Cryptography;
using MemberCard.Abstractions.Access;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MemberCard.Server.Api.Auth;

/// <summary>
/// Staff and member access tokens: HS256 JSON Web Tokens (RFC 7519) issued with <see cref="JsonWebTokenHandler"/>, and the rules the
/// JwtBearer handler checks them by (<see cref="BearerAuthentication"/>): one key, issuer, audience and algorithm.
/// </summary>
internal sealed class JwtTokens
{
    private const string RoleClaim = "role";

    /// <summary>The account's security stamp when the token was issued; absent while the account had never changed.</summary>
    public const string StampClaim = "stamp";

    // No default times: the token carries iat and exp only (no nbf), as it always has.
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly JwtOptions _options;
    private readonly SigningCredentials _credentials;

    public JwtTokens(IOptions<JwtOptions> options)
    {
        _options = options.Value;
        UsesEphemeralKey = string.IsNullOrEmpty(_options.SigningKey);
        var key = UsesEphemeralKey ? RandomNumberGenerator.GetBytes(32) : JwtOptions.SigningKeyBytes(_options.SigningKey!);
        _credentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256);
        ValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            IssuerSigningKey = _credentials.Key,
            // Pinned: no "none", no other HMAC size, no algorithm confusion.
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // The lifetime is what Auth:Jwt:Lifetime says, not five minutes more.
            ClockSkew = TimeSpan.Zero,
        };
    }

    /// <summary>Whether no signing key is configured (tokens die with the process and are not shared between silos).</summary>
    public bool UsesEphemeralKey { get; }

    public TimeSpan Lifetime => _options.Lifetime;

    /// <summary>What the JwtBearer handler demands of a token: signature, algorithm, issuer, audience, expiry.</summary>
    public TokenValidationParameters ValidationParameters { get; }

    /// <summary>A signed token for a member signed in with a one-time code; <paramref name="sessionStamp"/> ends it when it changes.</summary>
    public string IssueMember(string memberId, string sessionStamp) => Issue(memberId, Roles.Member, null, sessionStamp);

    /// <summary>A signed token for a staff account.</summary>
    public string Issue(string username, string role, string? storeId, string? securityStamp)
    {
        // The system clock, not an injected TimeProvider: the library checks exp against it (its own TimeProvider is
        // internal), so a test's fake clock must not stamp tokens that the check then reads on another clock.
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = username,
            [RoleClaim] = role,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (storeId is not null) claims[Caller.StoreClaim] = storeId;
        if (securityStamp is not null) claims[StampClaim] = securityStamp;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now,
            Expires = now + _options.Lifetime,
            Claims = claims,
            SigningCredentials = _credentials,
        });
    }

    /// <summary>The security stamp a token carries, or null.</summary>
    public static string? StampOf(JsonWebToken token) =>
        token.TryGetPayloadValue<string>(StampClaim, out var stamp) ? stamp : null;

    /// <summary>The caller a validated token stands for (the claims an API key gives), or null if it names no account or role.</summary>
    public static ClaimsIdentity? IdentityOf(JsonWebToken token, string authenticationType)
    {
        if (!token.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Sub, out var subject) || subject is null
            || !token.TryGetPayloadValue<string>(RoleClaim, out var role) || role is null)
            return null;
        var member = role == Roles.Member;
        var claims = new List<Claim>
        {
            new(Caller.KeyIdClaim, member ? $"member:{subject}" : $"staff:{subject}"),
            new(ClaimTypes.Name, subject),
            new(ClaimTypes.Role, role),
        };
        if (member) claims.Add(new Claim(Caller.MemberClaim, subject));
        if (token.TryGetPayloadValue<string>(Caller.StoreClaim, out var store) && store is not null) claims.Add(new Claim(Caller.StoreClaim, store));
        return new ClaimsIdentity(claims, authenticationType);
    }
}
