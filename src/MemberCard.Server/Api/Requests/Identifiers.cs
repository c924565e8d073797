namespace MemberCard.Server.Api.Requests;

/// <summary>Shapes of the ids in paths, so garbage never reaches (or activates) a grain.</summary>
public static class Identifiers
{
    /// <summary>The shape <see cref="IsStoreId"/> accepts, for the OpenAPI document.</summary>
    public const string StoreIdPattern = "^[A-Za-z0-9_-]{1,32}$";

    /// <summary>The shape <see cref="IsMemberId"/> accepts (campaign ids have it too).</summary>
    public const string MemberIdPattern = "^[0-9a-f]{32}$";

    /// <summary>The shape <see cref="IsCardNo"/> accepts.</summary>
    public const string CardNoPattern = "^[0-9]{8,32}$";

    /// <summary>What <see cref="NormalizePhone"/> accepts: 6–20 digits, optionally after '+', spaces and dashes anywhere.</summary>
    public const string PhonePattern = "^[ -]*\\+?(?:[ -]*[0-9]){6,20}[ -]*$";

    /// <summary>The shape of a resident ID number: 17 digits and a digit or X (the check character and birth date are checked apart).</summary>
    public const string IdNumberPattern = "^\\s*[0-9]{17}[0-9Xx]\\s*$";

    /// <summary>Letters, digits, '-' and '_', 1–32 long.</summary>
    public static bool IsStoreId(string value) =>
        value.Length is >= 1 and <= 32 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Member ids are 32 lowercase hex digits.</summary>
    public static bool IsMemberId(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigitLower);

    /// <summary>Card numbers are 8–32 digits.</summary>
    public static bool IsCardNo(string value) => value.Length is >= 8 and <= 32 && value.All(char.IsAsciiDigit);

    /// <summary>Phone: 6–20 digits, optionally after a leading '+'. Spaces and dashes are dropped first.</summary>
    public static string? NormalizePhone(string? value)
    {
        if (value is null) return null;
        var compact = string.Concat(value.Where(c => c is not (' ' or '-')));
        var digits = compact.StartsWith('+') ? compact[1..] : compact;
        return digits.Length is >= 6 and <= 20 && digits.All(char.IsAsciiDigit) ? compact : null;
    }
}
