using System.Security.Cryptography;

namespace MemberCard.Grains.Cards;

/// <summary>Card numbers: 16 random digits, the last a Luhn check digit so typos are caught at the till.</summary>
public static class CardNumbers
{
    /// <summary>A new random card number.</summary>
    public static string New()
    {
        Span<char> digits = stackalloc char[16];
        digits[0] = (char)('1' + RandomNumberGenerator.GetInt32(9));
        for (var i = 1; i < 15; i++) digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        digits[15] = (char)('0' + CheckDigit(digits[..15]));
        return new string(digits);
    }

    /// <summary>Luhn check digit for the given digits.</summary>
    public static int CheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }
}
