using System.Globalization;

namespace MemberCard.Runtime.Sqlite;

/// <summary>
/// Timestamps are stored as fixed-width ISO-8601 UTC text: lossless (100 ns ticks), readable in the sqlite3
/// shell, and ordered like time when compared as text, which the claim expiry check relies on.
/// </summary>
internal static class SqliteTimestamps
{
    private const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    public static string ToText(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset FromText(string text) =>
        new(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
}
