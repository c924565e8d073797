using System.Globalization;
using MemberCard.Server.Api.Errors;

namespace MemberCard.Server.Audit;

/// <summary>
/// The time range of an audit request: <c>from</c> inclusive, <c>to</c> exclusive, ISO 8601 instants (a value without
/// an offset is UTC). Anything else, or from after to, is 400 <c>validation_failed</c> with the field named.
/// </summary>
public sealed record AuditRange(DateTime? From, DateTime? To)
{
    /// <summary>Parses both bounds; each may be left out.</summary>
    public static AuditRange Parse(string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>();
        var start = Instant("from", from, errors);
        var end = Instant("to", to, errors);
        if (errors.Count == 0 && start >= end) errors["from"] = ["from must be before to."];
        if (errors.Count > 0) throw new RequestValidationException(errors);
        return new AuditRange(start, end);
    }

    /// <summary>Whether an entry made at <paramref name="at"/> is in the range.</summary>
    public bool Contains(DateTime at) => (From is not { } f || at >= f) && (To is not { } t || at < t);

    /// <summary>
    /// Whether an entry at <paramref name="at"/> is so far before <c>from</c> that no later-read (older) entry can be in the
    /// range: log order may trail entry time by up to <see cref="AuditEndpoints.ClockSkew"/>.
    /// </summary>
    public bool IsPast(DateTime at) => From is { } f && at < f - AuditEndpoints.ClockSkew;

    private static DateTime? Instant(string field, string? value, Dictionary<string, string[]> errors)
    {
        if (value is null) return null;
        if (value.Length is > 0 and <= 40 && char.IsAsciiDigit(value[0])
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            && at.Year is >= 1900 and <= 2999)
            return at.UtcDateTime;
        errors[field] = [$"{field} is an ISO 8601 instant, e.g. 2026-01-01T00:00:00Z."];
        return null;
    }
}
