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

    public const string SigningKeySetting = "Auth:Jwt:SigningKey";

    /// <summary>A configured signing key's bytes, or a start-up error saying what form it must have.</summary>
    public static byte[] SigningKeyBytes(string value)
    {
        var buffer = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, buffer, out var length) || length < 32)
            throw new InvalidOperationException($"{SigningKeySetting} must be the base64 of at least 32 random bytes, e.g. the output of `openssl rand -base64 32`.");
        return buffer[..length];
    }
}
