using System.Globalization;
using System.Text.Json;
using MemberCard.Abstractions.Campaigns;

namespace MemberCard.Grains.Campaigns;

/// <summary>
/// Decides whether a member belongs to a segment, reading the member's stored state (JSON) by field name, so it
/// keeps working as the member record grows: <c>tier</c>, <c>tags</c>, <c>storeId</c>, <c>birthMonth</c> (or an older state's <c>birthday</c>),
/// <c>lastActivityAt</c> (falling back to <c>createdAt</c>) and <c>erased</c>. A field a member lacks does not match
/// a condition on it.
/// </summary>
public static class SegmentFilter
{
    /// <summary>Whether the member whose state is <paramref name="member"/> is in <paramref name="segment"/> at <paramref name="now"/>.</summary>
    public static bool Matches(JsonElement member, SegmentDefinition segment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (member.ValueKind != JsonValueKind.Object) return false;
        if (member.TryGetProperty("erased", out var erased) && erased.ValueKind == JsonValueKind.True) return false;
        if (segment.Tiers.Count > 0 && !segment.Tiers.Contains(Text(member, "tier") ?? "")) return false;
        if (segment.Stores.Count > 0 && !segment.Stores.Contains(Text(member, "storeId") ?? "")) return false;
        if (segment.Tags.Count > 0 && !HasAnyTag(member, segment.Tags)) return false;
        if (segment.BirthdayMonth is { } month && BirthMonth(member) != month) return false;
        if (segment.InactiveDays is { } days)
        {
            var last = Text(member, "lastActivityAt") ?? Text(member, "createdAt");
            if (!DateTimeOffset.TryParse(last, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return false;
            if (now - at < TimeSpan.FromDays(days)) return false;
        }
        return true;
    }

    // The birth month stays beside the sealed profile; states from before per-member keys have the birthday in clear.
    private static int? BirthMonth(JsonElement member) =>
        member.TryGetProperty("birthMonth", out var month) && month.ValueKind == JsonValueKind.Number ? month.GetInt32()
        : DateOnly.TryParse(Text(member, "birthday"), CultureInfo.InvariantCulture, out var birthday) ? birthday.Month
        : null;

    private static string? Text(JsonElement member, string name) =>
        member.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool HasAnyTag(JsonElement member, IReadOnlyList<string> wanted)
    {
        if (!member.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array) return false;
        foreach (var tag in tags.EnumerateArray())
            if (tag.ValueKind == JsonValueKind.String && wanted.Contains(tag.GetString()!)) return true;
        return false;
    }
}
