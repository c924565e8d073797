using System.Security.Cryptography;

namespace MemberCard.Grains.Campaigns.Coupons;

/// <summary>
/// Coupon codes: 12 symbols from a cryptographic RNG (60 bits, so guessing a live code among a million is about one
/// chance in 10^12 per try) plus a Luhn mod 32 check symbol that catches every single mistyped symbol and most
/// swapped neighbours before any lookup. Alphabet: Crockford base 32 (no I, L, O, U); input is read leniently
/// (lower case, dashes and spaces ignored, O read as 0, I and L as 1). Uniqueness is not left to chance: every code
/// is a unique claim, and a collision is simply drawn again.
/// </summary>
public static class CouponCodes
{
    /// <summary>Length of a code including its check symbol.</summary>
    public const int Length = 13;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Base = 32;

    /// <summary>A new random code.</summary>
    public static string New()
    {
        Span<byte> random = stackalloc byte[Length - 1];
        RandomNumberGenerator.Fill(random);
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length - 1; i++) code[i] = Alphabet[random[i] & (Base - 1)];
        code[Length - 1] = Alphabet[CheckValue(code[..(Length - 1)])];
        return new string(code);
    }

    /// <summary>The canonical form of <paramref name="input"/>, or null when it is not a well-formed code with a
    /// correct check symbol.</summary>
    public static string? Normalize(string? input)
    {
        if (input is null || input.Length > 40) return null;
        Span<char> code = stackalloc char[Length];
        var n = 0;
        foreach (var raw in input)
        {
            if (raw is '-' or ' ') continue;
            var c = char.ToUpperInvariant(raw) switch { 'O' => '0', 'I' or 'L' => '1', var other => other };
            if (n == Length || Alphabet.IndexOf(c) < 0) return null;
            code[n++] = c;
        }
        if (n != Length || Alphabet[CheckValue(code[..(Length - 1)])] != code[Length - 1]) return null;
        return new string(code);
    }

    // Luhn mod N over the payload: doubling every second symbol from the right.
    private static int CheckValue(ReadOnlySpan<char> payload)
    {
        var factor = 2;
        var sum = 0;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(payload[i]);
            factor = factor == 2 ? 1 : 2;
            sum += addend / Base + addend % Base;
        }
        return (Base - sum % Base) % Base;
    }
}
