using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MemberCard.Baseline.Endpoints;

/// <summary>
/// The request's Idempotency-Key (if any) and its fingerprint: operation, card and parsed body, so the same key
/// or order number with another body, or on another card, is recognised as reuse.
/// </summary>
public sealed record RequestIdentity(string? Key, string Fingerprint)
{
    public const string Header = "Idempotency-Key";

    public static RequestIdentity Of<T>(HttpContext context, string operation, string cardNo, T body, JsonTypeInfo<T> typeInfo, bool keyRequired)
    {
        var values = context.Request.Headers[Header];
        var key = values.Count == 0 ? null : values.ToString();
        if (key is null && keyRequired) throw ApiError.Invalid(Header, "Idempotency-Key is required for this request.");
        if (key is not null && !(key.Length is >= 1 and <= 64 && key.All(c => c is >= '!' and <= '~')))
            throw ApiError.Invalid(Header, "Idempotency-Key must be 1–64 printable ASCII characters.");
        var json = JsonSerializer.Serialize(body, typeInfo);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{operation}\n{cardNo}\n{json}")));
        return new RequestIdentity(key, fingerprint);
    }
}
