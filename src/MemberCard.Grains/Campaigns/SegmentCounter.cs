using System.Text.Json;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Campaigns;

/// <summary>The members a segment matches now, and how many were read.</summary>
public sealed record SegmentCount(long Matched, long Scanned);

/// <summary>
/// Counts the members a segment matches by reading every stored member, in key order, with the same
/// <see cref="SegmentFilter"/> issuance uses, so the count is what a campaign started now would target (not an estimate).
/// </summary>
public static class SegmentCounter
{
    private const int PageSize = 1000;

    /// <summary>Reads every member of <paramref name="scanner"/>'s storage and counts those in <paramref name="segment"/>.</summary>
    public static async Task<SegmentCount> CountAsync(
        IGrainStateScanner scanner, SegmentDefinition segment, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(segment);
        long matched = 0, scanned = 0;
        string? after = null;
        while (true)
        {
            var page = await scanner.ScanStatesAsync(CampaignGrain.MemberGrainType, after, null, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var member in page)
            {
                scanned++;
                using var document = JsonDocument.Parse(member.Json);
                if (SegmentFilter.Matches(document.RootElement, segment, now)) matched++;
            }
            if (page.Count < PageSize) return new SegmentCount(matched, scanned);
            after = page[^1].Key;
        }
    }
}
