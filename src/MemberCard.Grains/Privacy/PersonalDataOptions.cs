namespace MemberCard.Grains.Privacy;

/// <summary>Keys that encrypt personal data at rest (configuration section "PersonalData").</summary>
public sealed class PersonalDataOptions
{
    /// <summary>Id of the built-in development key, used only when no key is configured.</summary>
    public const string DevelopmentKeyId = "dev";

    /// <summary>AES-256 keys by id, each 32 bytes in base64. Old keys stay listed until re-encryption is done.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>Id of the key new ciphertexts use.</summary>
    public string? CurrentKeyId { get; set; }
}
