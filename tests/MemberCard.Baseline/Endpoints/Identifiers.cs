using System.Security.Cryptography;

namespace MemberCard.Baseline.Endpoints;

/// <summary>Shapes of the ids, so an id of an impossible shape is simply unknown without asking the database.</summary>
public static class Identifiers
{
    public static bool IsStoreId(string value) => value.Length is >= 1 and <= 32 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Member ids are UUIDv7 as 32 lowercase hex digits.</summary>
    public static bool IsMemberId(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigitLower);

    public static bool IsCardNo(string value) => value.Length is >= 8 and <= 32 && value.All(char.IsAsciiDigit);

    /// <summary>Phone: 6–20 digits, optionally after a leading '+'; spaces and dashes are dropped first.</summary>
    public static string? NormalizePhone(string? value)
    {
        if (value is null) return null;
        var compact = string.Concat(value.Where(c => c is not (' ' or '-')));
        var digits = compact.StartsWith('+') ? compact[1..] : compact;
        return digits.Length is >= 6 and <= 20 && digits.All(char.IsAsciiDigit) ? compact : null;
    }

    /// <summary>138****5678: enough for staff to confirm, not enough to call.</summary>
    public static string MaskPhone(string phone)
    {
        var keep = phone.Length >= 8 ? (Head: 3, Tail: 4) : (Head: 2, Tail: 2);
        return string.Concat(phone.AsSpan(0, keep.Head), "****", phone.AsSpan(phone.Length - keep.Tail));
    }

    /// <summary>16 random digits, the last a Luhn check digit so typos are caught at the till.</summary>
    public static string NewCardNo()
    {
        Span<char> digits = stackalloc char[16];
        digits[0] = (char)('1' + RandomNumberGenerator.GetInt32(9));
        for (var i = 1; i < 15; i++) digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        var sum = 0;
        for (var i = 0; i < 15; i++)
        {
            var d = digits[14 - i] - '0';
            if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        digits[15] = (char)('0' + (10 - sum % 10) % 10);
        return new string(digits);
    }
}
