using MemberCard.Abstractions.Rules;

namespace MemberCard.Grains.Tiers;

/// <summary>
/// Tier decisions on the rolling 12-month measure. Upgrades happen at once when a threshold is crossed;
/// downgrades only at the yearly review, by the rule set's downgrade policy.
/// </summary>
public static class TierLadder
{
    /// <summary>The highest tier whose threshold <paramref name="measure"/> reaches.</summary>
    public static string Earned(RuleSet rules, long measure) =>
        rules.Tiers.LastOrDefault(t => measure >= t.Threshold)?.Name ?? rules.Tiers[0].Name;

    /// <summary>The tier after a transaction: higher if the measure now earns a higher tier, else unchanged.</summary>
    public static string AfterActivity(RuleSet rules, string current, long measure)
    {
        var earned = Earned(rules, measure);
        return !OnLadder(rules, current) || Rank(rules, earned) > Rank(rules, current) ? earned : current;
    }

    /// <summary>The tier after a yearly review.</summary>
    public static string AfterReview(RuleSet rules, string current, long measure)
    {
        var earned = Earned(rules, measure);
        if (!OnLadder(rules, current)) return earned;
        var currentRank = Rank(rules, current);
        var earnedRank = Rank(rules, earned);
        if (earnedRank >= currentRank) return earned;
        return rules.DowngradePolicy switch
        {
            DowngradePolicies.None => current,
            DowngradePolicies.OneStep => rules.Tiers[currentRank - 1].Name,
            _ => earned,
        };
    }

    /// <summary>
    /// The tier above <paramref name="current"/> (null at the top); for a tier dropped from the ladder, the first tier
    /// <paramref name="measure"/> has not reached.
    /// </summary>
    public static TierRule? Next(RuleSet rules, string current, long measure)
    {
        if (!OnLadder(rules, current)) return rules.Tiers.FirstOrDefault(t => t.Threshold > measure);
        var rank = Rank(rules, current);
        return rank + 1 < rules.Tiers.Count ? rules.Tiers[rank + 1] : null;
    }

    // A tier dropped from the ladder is replaced by the earned tier at the next activity or review.
    private static bool OnLadder(RuleSet rules, string tier) => rules.Tiers.Any(t => t.Name == tier);

    private static int Rank(RuleSet rules, string tier) => rules.Tiers.ToList().FindIndex(t => t.Name == tier);
}
