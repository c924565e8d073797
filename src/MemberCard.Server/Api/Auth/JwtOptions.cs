namespace MemberCard.Server.Api.Auth;

/// <summary>Access-token settings (configuration section "Auth:Jwt").</summary>
internal sealed class JwtOptions
{
    /// <summary>The <c>iss</c> the server writes and demands.</summary>
    public string Issuer { get; set; } = "membercard";

    /// <summary>The <c>aud</c> the server writes and demands.</summary>
    public string Audience { get; set; } = "membercard-api";

    /// <summary>HMAC-SHA256 key in base64, at least 32 bytes, the same on every silo. Empty: a random key per process.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a token is valid; clients log in again after it.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(15);
}
