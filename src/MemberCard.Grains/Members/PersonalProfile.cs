using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MemberCard.Grains.Privacy;

namespace MemberCard.Grains.Members;

/// <summary>
/// A member's personal fields. They are stored only sealed under the member's own data key
/// (<see cref="PersonalSealing"/>), so deleting that key erases every copy of them.
/// </summary>
public sealed record PersonalProfile(string? Phone, string? Name, DateOnly? Birthday, string? Email, string? IdNumber = null)
{
    /// <summary>The profile of an erased member.</summary>
    public static readonly PersonalProfile None = new(null, null, null, null);

    /// <summary>The phone as staff see it (<c>138****5678</c>), or "" without a phone.</summary>
    [JsonIgnore]
    public string PhoneMask => Phone is null ? "" : PhoneIndex.Mask(Phone);

    /// <summary>The resident ID number as staff see it (<c>110***********123X</c>), or null without one.</summary>
    [JsonIgnore]
    public string? IdNumberMask => IdNumber is null ? null : ResidentIdNumber.Mask(IdNumber);
}

/// <summary>A data key made for a member in this write: its claim name, the key, and the key wrapped by the master key.</summary>
public sealed record NewDataKey(string ClaimName, byte[] Key, string Wrapped);

/// <summary>
/// Seals and opens a member's profile with the member's data key: <c>k1:&lt;base64(nonce | tag | ciphertext)&gt;</c>,
/// AES-256-GCM over the profile's JSON, the member id as associated data. The data key is stored wrapped by the
/// key ring's master key in the claim <c>member-key:&lt;claimName&gt;</c>.
/// </summary>
public static class PersonalSealing
{
    /// <summary>Claim scope of wrapped member data keys.</summary>
    public const string KeyScope = "member-key";

    private const string Version = "k1:";

    /// <summary>A new data key for <paramref name="memberId"/>, wrapped by the current master key.</summary>
    public static NewDataKey NewKey(PersonalDataCipher cipher, string memberId)
    {
        var key = AesGcmBox.NewKey();
        return new NewDataKey(ClaimName(memberId), key, cipher.Wrap(key, WrapContext(memberId)));
    }

    /// <summary>A fresh claim name for a member's (re-)wrapped key: the member id and a random suffix.</summary>
    public static string ClaimName(string memberId) => $"{memberId}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>What a wrapped data key is bound to.</summary>
    public static string WrapContext(string memberId) => $"{KeyScope}:{memberId}";

    /// <summary>The data key in a stored key claim (its value is the wrapped key as a JSON string).</summary>
    public static byte[] UnwrapKey(PersonalDataCipher cipher, string claimValue, string memberId) =>
        cipher.Unwrap(WrappedKey(claimValue), WrapContext(memberId));

    /// <summary>The wrapped key in a stored key claim (<see cref="PersonalDataCipher.KeyIdOf"/> names its master key).</summary>
    public static string WrappedKey(string claimValue) => JsonSerializer.Deserialize(claimValue, GrainJsonContext.Default.String)!;

    /// <summary>A text (a pending phone, a message for the phone gateway) sealed under <paramref name="key"/> for <paramref name="purpose"/>.</summary>
    public static string SealText(byte[] key, string text, string memberId, string purpose) =>
        SealBytes(key, Encoding.UTF8.GetBytes(text), $"{memberId}:{purpose}");

    /// <summary>The text <see cref="SealText"/> sealed.</summary>
    public static string OpenText(byte[] key, string sealedText, string memberId, string purpose) =>
        Encoding.UTF8.GetString(OpenBytes(key, sealedText, $"{memberId}:{purpose}"));

    /// <summary>The profile sealed under <paramref name="key"/>, bound to <paramref name="memberId"/>.</summary>
    public static string Seal(byte[] key, PersonalProfile profile, string memberId) =>
        SealBytes(key, JsonSerializer.SerializeToUtf8Bytes(profile, GrainJsonContext.Default.PersonalProfile), memberId);

    /// <summary>The profile <see cref="Seal"/> made; <see cref="CryptographicException"/> with any other key or member.</summary>
    public static PersonalProfile Open(byte[] key, string sealedProfile, string memberId) =>
        JsonSerializer.Deserialize(OpenBytes(key, sealedProfile, memberId), GrainJsonContext.Default.PersonalProfile)!;

    private static string SealBytes(byte[] key, byte[] plaintext, string boundTo) =>
        Version + Convert.ToBase64String(AesGcmBox.Seal(key, plaintext, Encoding.UTF8.GetBytes(boundTo)));

    private static byte[] OpenBytes(byte[] key, string sealedText, string boundTo)
    {
        if (!sealedText.StartsWith(Version, StringComparison.Ordinal)) throw new CryptographicException("Not sealed under a member's data key.");
        return AesGcmBox.Open(key, Convert.FromBase64String(sealedText[Version.Length..]), Encoding.UTF8.GetBytes(boundTo));
    }
}

/// <summary>
/// A message for one phone (a code, a warning to an old number), sealed under the member's data key in the outbox
/// and the notifications table; the dispatcher opens it when it sends, and after erasure nobody can.
/// </summary>
public sealed record PhoneMessage(string To, string Text)
{
    /// <summary>Purpose a sealed message is bound to.</summary>
    public const string Purpose = "message";
}
