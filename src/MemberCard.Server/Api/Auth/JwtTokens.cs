using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace MemberCard.Server.Api.Auth;

/// <summary>
/// Issues and checks compact HS256 JSON Web Tokens (RFC 7519). Written here because the registry this project
/// builds from lacks the JwtBearer package's IdentityModel dependencies; the format is the standard one, so a
/// later switch to JwtBearer changes no client. Only HS256 is accepted (no "none", no algorithm confusion).
/// </summary>
internal sealed class JwtTokens
{
    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly JwtOptions _options;
    private readonly byte[] _key;
    private readonly TimeProvider _clock;

    public JwtTokens(IOptions<JwtOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;
        UsesEphemeralKey = string.IsNullOrEmpty(_options.SigningKey);
        _key = UsesEphemeralKey ? RandomNumberGenerator.GetBytes(32) : Convert.FromBase64String(_options.SigningKey!);
        if (_key.Length < 32) throw new InvalidOperationException("Auth:Jwt:SigningKey must be at least 32 bytes in base64.");
    }

    /// <summary>Whether no signing key is configured (tokens die with the process and are not shared between silos).</summary>
    public bool UsesEphemeralKey { get; }

    public TimeSpan Lifetime => _options.Lifetime;

    /// <summary>A signed token for a staff account.</summary>
    public string Issue(string username, string role, string? storeId)
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("iss", _options.Issuer);
            json.WriteString("aud", _options.Audience);
            json.WriteString("sub", username);
            json.WriteString("role", role);
            if (storeId is not null) json.WriteString("store_id", storeId);
            json.WriteNumber("iat", now);
            json.WriteNumber("exp", now + (long)_options.Lifetime.TotalSeconds);
            json.WriteString("jti", Guid.NewGuid().ToString("N"));
            json.WriteEndObject();
        }
        var unsigned = $"{Header}.{Base64Url.EncodeToString(buffer.ToArray())}";
        return $"{unsigned}.{Sign(unsigned)}";
    }

    /// <summary>The claims of a valid token, or null: bad shape, bad signature, wrong algorithm, issuer or audience, expired.</summary>
    public ClaimsIdentity? Validate(string token, string authenticationType)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign($"{parts[0]}.{parts[1]}")), Encoding.ASCII.GetBytes(parts[2])))
            return null;
        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256") return null;
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var p = payload.RootElement;
            if (Text(p, "iss") != _options.Issuer || Text(p, "aud") != _options.Audience) return null;
            if (!p.TryGetProperty("exp", out var exp) || exp.GetInt64() <= _clock.GetUtcNow().ToUnixTimeSeconds()) return null;
            if (Text(p, "sub") is not { } subject || Text(p, "role") is not { } role) return null;
            var claims = new List<Claim>
            {
                new(Caller.KeyIdClaim, $"staff:{subject}"),
                new(ClaimTypes.Name, subject),
                new(ClaimTypes.Role, role),
            };
            if (Text(p, "store_id") is { } store) claims.Add(new Claim(Caller.StoreClaim, store));
            return new ClaimsIdentity(claims, authenticationType);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private string Sign(string unsigned) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(unsigned)));

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
