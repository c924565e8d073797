using System.Buffers.Text;
using System.Globalization;
using System.Text;
using MemberCard.Abstractions.Cards;
using MemberCard.Server.Api.Errors;

namespace MemberCard.Server.Api.Requests;

/// <summary>Opaque paging cursors and the limit rule (1–200, default 50).</summary>
public static class Cursors
{
    /// <summary>The smallest page.</summary>
    public const int MinLimit = 1;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 200;

    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultLimit = 50;

    /// <summary>Encodes a ledger position as an opaque cursor.</summary>
    public static string? Encode(LedgerCursor? cursor) =>
        cursor is null ? null : Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{cursor.Version}.{cursor.Index}"));

    /// <summary>Decodes a cursor given back by a client; garbage is a 400, not a 500.</summary>
    public static LedgerCursor? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split('.');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                return new LedgerCursor(version, index);
        }
        catch (FormatException)
        {
        }
        throw Invalid();
    }

    /// <summary>Encodes a position in an id-ordered list; <paramref name="kind"/> keeps cursors of different lists apart.</summary>
    public static string EncodeId(char kind, long id) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(kind + id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Decodes a cursor made by <see cref="EncodeId"/> for the same list; anything else is a 400.</summary>
    public static long? DecodeId(char kind, string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.Length > 1 && text[0] == kind
                && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
        }
        catch (FormatException)
        {
        }
        throw Invalid();
    }

    private static RequestValidationException Invalid() =>
        new(new Dictionary<string, string[]> { ["cursor"] = ["cursor is not one this API issued."] });

    /// <summary>The page size.</summary>
    public static int Limit(int? limit)
    {
        if (limit is null) return DefaultLimit;
        if (limit is < MinLimit or > MaxLimit)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between {MinLimit} and {MaxLimit}."] });
        return limit.Value;
    }
}
