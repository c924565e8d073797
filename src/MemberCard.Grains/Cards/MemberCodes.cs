using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MemberCard.Abstractions;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Cards;

/// <summary>
/// The dynamic member code (docs/security.md, "Member self-service"): 18 digits, <c>9</c> + the card's 9-digit alias +
/// the last digit of the time step (Unix minutes) + 7 digits of HMAC-SHA256(card secret, step). A code is accepted in
/// its own step and the next one: at most 2 minutes.
/// </summary>
public static class MemberCodes
{
    /// <summary>Claim scope of the aliases: <c>member-code:&lt;alias&gt;</c> names the card.</summary>
    public const string Scope = "member-code";

    /// <summary>Length of a code.</summary>
    public const int Length = 18;

    /// <summary>How long one code is shown before the next.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    private const char Prefix = '9';
    private const int AliasDigits = 9;
    private const int MacDigits = 7;

    /// <summary>Whether <paramref name="value"/> has a code's shape; then <paramref name="alias"/> is its card alias.</summary>
    public static bool TryParse(string value, out string alias)
    {
        alias = "";
        if (value.Length != Length || value[0] != Prefix || !value.All(char.IsAsciiDigit)) return false;
        alias = value.Substring(1, AliasDigits);
        return true;
    }

    /// <summary>The claim that ties an alias to its card.</summary>
    public static ClaimKey ClaimFor(string alias) => new(Scope, alias);

    /// <summary>A new random alias.</summary>
    public static string NewAlias() => RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);

    /// <summary>A new card secret (base64 of 32 random bytes).</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The time step of <paramref name="at"/>.</summary>
    public static long StepOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    /// <summary>When step <paramref name="step"/> begins.</summary>
    public static DateTimeOffset StartOf(long step) => DateTimeOffset.FromUnixTimeSeconds(step * (long)Step.TotalSeconds);

    /// <summary>The code of a card for one step.</summary>
    public static string Format(string alias, string secret, long step) =>
        string.Concat(Prefix.ToString(), alias, (step % 10).ToString(CultureInfo.InvariantCulture), Mac(secret, step));

    /// <summary>
    /// The step <paramref name="code"/> was made for, if it is the card's code for the step of <paramref name="now"/>
    /// or the one before; null for a forged or expired code.
    /// </summary>
    public static long? Verify(string code, string alias, string secret, DateTimeOffset now)
    {
        if (!TryParse(code, out var codeAlias) || codeAlias != alias) return null;
        var current = StepOf(now);
        var digit = code[1 + AliasDigits] - '0';
        foreach (var step in (ReadOnlySpan<long>)[current, current - 1])
        {
            if (step % 10 != digit) continue;
            var expected = Format(alias, secret, step);
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(code)) ? step : null;
        }
        return null;
    }

    /// <summary>The refusal of a code that is not one of the card's valid codes.</summary>
    public static DomainException Invalid() =>
        new(ErrorCodes.MemberCodeInvalid, "The member code is not valid: expired, mistyped, or the card no longer takes codes; ask for a new one.");

    private static string Mac(string secret, long step)
    {
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, step);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(Convert.FromBase64String(secret), message, mac);
        var value = BinaryPrimitives.ReadUInt64BigEndian(mac) % 10_000_000UL;
        return value.ToString("D7", CultureInfo.InvariantCulture);
    }
}
