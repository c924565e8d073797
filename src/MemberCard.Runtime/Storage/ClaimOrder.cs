namespace MemberCard.Runtime.Storage;

/// <summary>
/// The claims a write really takes, in the order it takes them: one per key (the last one given wins, as in the
/// in-memory reference), sorted by key so concurrent writes lock claim rows in one global order and cannot deadlock.
/// </summary>
public static class ClaimOrder
{
    /// <summary>One claim per key (the last wins), sorted by scope then key.</summary>
    public static IReadOnlyList<ClaimInsert> DistinctSorted(IReadOnlyList<ClaimInsert> claims)
    {
        if (claims.Count <= 1) return claims;
        var last = new Dictionary<ClaimKey, ClaimInsert>(claims.Count);
        foreach (var claim in claims) last[claim.Key] = claim;
        return [.. last.Values
            .OrderBy(c => c.Key.Scope, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Key, StringComparer.Ordinal)];
    }
}
