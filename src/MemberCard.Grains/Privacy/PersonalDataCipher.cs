using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Privacy;

/// <summary>
/// AES-256-GCM for personal data at rest. A ciphertext reads <c>v1:{keyId}:{base64(nonce|tag|ciphertext)}</c>, so
/// each one names the key that made it and keys can be rotated: add the new key, make it current, re-encrypt,
/// then drop the old one. The grain id is bound as associated data, so a ciphertext moved to another member
/// does not decrypt.
/// </summary>
public sealed class PersonalDataCipher
{
    private const string Version = "v1";

    // Public on purpose: it lets a fresh install run with zero configuration, and the server warns loudly while
    // it is in use. Anything real must configure its own keys.
    private static readonly byte[] DevelopmentKey = SHA256.HashData("membercard-development-personal-data-key"u8);

    private readonly Dictionary<string, byte[]> _keys;

    /// <summary>Reads the keys; without any configured key the development key is current.</summary>
    public PersonalDataCipher(IOptions<PersonalDataOptions> options)
    {
        var o = options.Value;
        _keys = o.Keys.ToDictionary(k => k.Key, k => DecodeKey(k.Key, k.Value));
        if (_keys.Count == 0)
        {
            _keys[PersonalDataOptions.DevelopmentKeyId] = DevelopmentKey;
            CurrentKeyId = PersonalDataOptions.DevelopmentKeyId;
        }
        else
        {
            CurrentKeyId = o.CurrentKeyId ?? throw new InvalidOperationException("PersonalData:CurrentKeyId must name one of PersonalData:Keys.");
            if (!_keys.ContainsKey(CurrentKeyId)) throw new InvalidOperationException($"PersonalData:CurrentKeyId '{CurrentKeyId}' is not in PersonalData:Keys.");
        }
    }

    /// <summary>Id of the key that encrypts new data.</summary>
    public string CurrentKeyId { get; }

    /// <summary>Whether the public development key is the current key.</summary>
    public bool UsesDevelopmentKey => CurrentKeyId == PersonalDataOptions.DevelopmentKeyId;

    /// <summary>Encrypts <paramref name="plaintext"/> under the current key, bound to <paramref name="context"/>.</summary>
    public string Encrypt(string plaintext, string context) => Wrap(Encoding.UTF8.GetBytes(plaintext), context);

    /// <summary>Decrypts a ciphertext made by <see cref="Encrypt"/> with any configured key.</summary>
    public string Decrypt(string ciphertext, string context) => Encoding.UTF8.GetString(Unwrap(ciphertext, context));

    /// <summary>Encrypts bytes (a member's data key) under the current key, bound to <paramref name="context"/>.</summary>
    public string Wrap(byte[] data, string context) =>
        $"{Version}:{CurrentKeyId}:{Convert.ToBase64String(AesGcmBox.Seal(_keys[CurrentKeyId], data, Encoding.UTF8.GetBytes(context)))}";

    /// <summary>The bytes <see cref="Wrap"/> sealed, with whichever configured key made them.</summary>
    public byte[] Unwrap(string ciphertext, string context)
    {
        var parts = ciphertext.Split(':');
        if (parts.Length != 3 || parts[0] != Version) throw new CryptographicException("Not a personal-data ciphertext.");
        if (!_keys.TryGetValue(parts[1], out var key))
            throw new CryptographicException($"Personal-data key '{parts[1]}' is not configured; it is still needed until re-encryption finishes.");
        return AesGcmBox.Open(key, Convert.FromBase64String(parts[2]), Encoding.UTF8.GetBytes(context));
    }

    /// <summary>The id of the key that made <paramref name="ciphertext"/>.</summary>
    public static string KeyIdOf(string ciphertext) => ciphertext.Split(':') is [_, var id, _] ? id : "";

    /// <summary>Each key's fingerprint by its setting name (<c>PersonalData:Keys:&lt;id&gt;</c>), to compare silos' keys without showing them.</summary>
    public IReadOnlyDictionary<string, string> Fingerprints() =>
        _keys.ToDictionary(k => $"PersonalData:Keys:{k.Key}", k => KeyFingerprint.Of(k.Value), StringComparer.Ordinal);

    private static byte[] DecodeKey(string id, string base64)
    {
        var key = Convert.TryFromBase64String(base64, new byte[base64.Length], out var length) ? Convert.FromBase64String(base64) : [];
        if (length != 32 || key.Length != 32)
            throw new InvalidOperationException($"PersonalData:Keys:{id} must be 32 random bytes (AES-256) in base64, e.g. the output of `openssl rand -base64 32`.");
        return key;
    }
}
