using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MemberCard.Abstractions;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Errors;

namespace MemberCard.Server.Api.Requests;

/// <summary>
/// Turns the Idempotency-Key header and the request into a <see cref="RequestIdentity"/>. Keys are scoped to
/// the credential that sent them; the fingerprint covers the operation, the target and the parsed body, so
/// the same key with another body is recognised as reuse.
/// </summary>
public static class Idempotency
{
    /// <summary>The header name.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>The longest key.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>The shape of a key, as the OpenAPI document states it: printable ASCII, no spaces.</summary>
    public const string KeyPattern = "^[!-~]{1,64}$";

    /// <summary>Reads and checks the header and fingerprints the request.</summary>
    public static RequestIdentity Identify<T>(HttpContext context, string operation, string target, T body, JsonTypeInfo<T> typeInfo, bool required)
    {
        var values = context.Request.Headers[Header];
        string? key = values.Count == 0 ? null : values.ToString();
        if (key is null && required) Reject("Idempotency-Key is required for this request.");
        if (key is not null && !IsValid(key)) Reject("Idempotency-Key must be 1–64 printable ASCII characters.");
        var json = JsonSerializer.Serialize(body, typeInfo);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{operation}\n{target}\n{json}")));
        return new RequestIdentity(key is null ? null : Caller.KeyId(context.User), key, fingerprint);
    }

    private static bool IsValid(string key) => key.Length is >= 1 and <= MaxKeyLength && key.All(c => c is >= '!' and <= '~');

    private static void Reject(string message) =>
        throw new RequestValidationException(new Dictionary<string, string[]> { [Header] = [message] });
}
