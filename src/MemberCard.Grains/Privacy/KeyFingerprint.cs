using System.Security.Cryptography;

namespace MemberCard.Grains.Privacy;

/// <summary>
/// A short fingerprint of a secret key: HMAC-SHA256 keyed by the secret over a fixed label, first 16 hex digits.
/// Equal keys give equal fingerprints; the fingerprint tells nothing about the key.
/// </summary>
public static class KeyFingerprint
{
    private static readonly byte[] Label = "membercard key fingerprint v1"u8.ToArray();

    public static string Of(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Label))[..16];
}
