using System.Globalization;

namespace MemberCard.Grains.Members;

/// <summary>
/// Chinese resident ID numbers (居民身份证号码, GB 11643-1999): 6 digits of region, the birth date as yyyyMMdd, 3 of
/// sequence and a check character, the ISO 7064 MOD 11-2 of the first 17 (<c>X</c> for 10). Only the 18-character
/// form is taken; the 15-digit form of before 1999 has no check character.
/// </summary>
public static class ResidentIdNumber
{
    /// <summary>The length of a number.</summary>
    public const int Length = 18;

    private const string CheckCharacters = "10X98765432";
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>
    /// The number trimmed, with a lower-case <c>x</c> upper-cased, when it is one; otherwise null and why (a sentence
    /// after <paramref name="field"/>, never the number itself). The birth date must be a real date from 1900 up to
    /// <paramref name="today"/>.
    /// </summary>
    public static (string? Number, string? Problem) Validate(string field, string? value, DateOnly today)
    {
        var number = value?.Trim().ToUpperInvariant() ?? "";
        if (number.Length != Length || number.AsSpan(0, Length - 1).ContainsAnyExceptInRange('0', '9') || !(char.IsAsciiDigit(number[^1]) || number[^1] == 'X'))
            return (null, $"{field} must be {Length} characters: 17 digits, then a digit or X.");
        if (!DateOnly.TryParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)
            || born.Year < 1900 || born > today)
            return (null, $"{field} holds no real birth date (characters 7–14, yyyyMMdd, from 1900 up to today).");
        if (CheckCharacter(number.AsSpan(0, Length - 1)) != number[^1])
            return (null, $"{field} has a wrong check character (the 18th, GB 11643-1999).");
        return (number, null);
    }

    /// <summary>The check character of the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    /// <summary>First 3 and last 4 shown, the length kept: <c>110***********123X</c>.</summary>
    public static string Mask(string number) =>
        string.Concat(number.AsSpan(0, 3), new string('*', number.Length - 7), number.AsSpan(number.Length - 4));
}
