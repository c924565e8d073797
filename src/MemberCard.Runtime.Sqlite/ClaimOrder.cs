using MemberCard.Runtime.Storage;

namespace MemberCard.Runtime.Sqlite;

/// <summary>The claims a write really takes: one per key, the last one given winning, as in the in-memory reference.</summary>
internal static class ClaimOrder
{
    public static IReadOnlyList<ClaimInsert> Distinct(IReadOnlyList<ClaimInsert> claims)
    {
        if (claims.Count <= 1) return claims;
        var last = new Dictionary<ClaimKey, ClaimInsert>(claims.Count);
        foreach (var claim in claims) last[claim.Key] = claim;
        return last.Count == claims.Count ? claims : [.. last.Values];
    }
}
