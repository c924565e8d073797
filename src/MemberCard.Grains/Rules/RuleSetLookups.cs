using MemberCard.Abstractions;
using MemberCard.Abstractions.Rules;

namespace MemberCard.Grains.Rules;

/// <summary>Finding products and tiers in a rule set, and the top-up bonus table.</summary>
public static class RuleSetLookups
{
    /// <summary>The product, or <see cref="ErrorCodes.ProductNotFound"/>.</summary>
    public static CardProduct Product(this RuleSet rules, string? productId)
    {
        var id = string.IsNullOrEmpty(productId) ? rules.DefaultProduct : productId;
        return rules.Products.FirstOrDefault(p => p.ProductId == id)
            ?? throw new DomainException(ErrorCodes.ProductNotFound, $"Card product {id} does not exist in rules version {rules.Version}.");
    }

    /// <summary>
    /// The product a card was opened with; when a later version dropped it, the default product stands in so
    /// existing cards keep working.
    /// </summary>
    public static CardProduct ProductOfCard(this RuleSet rules, string productId) =>
        rules.Products.FirstOrDefault(p => p.ProductId == productId) ?? rules.Product(null);

    /// <summary>The tier rule named <paramref name="tier"/>; an unknown name (dropped from the ladder) counts as the entry tier.</summary>
    public static TierRule TierOf(this RuleSet rules, string tier) =>
        rules.Tiers.FirstOrDefault(t => t.Name == tier) ?? rules.Tiers[0];

    /// <summary>The entry tier of the ladder.</summary>
    public static string EntryTier(this RuleSet rules) => rules.Tiers[0].Name;

    /// <summary>The bonus for a top-up of <paramref name="amount"/>: the highest step reached (充100送20).</summary>
    public static long BonusFor(this CardProduct product, long amount) =>
        product.TopUpBonus.Where(s => amount >= s.MinAmount).OrderByDescending(s => s.MinAmount).FirstOrDefault()?.Bonus ?? 0;

    /// <summary>Whether bonus money may pay at <paramref name="storeId"/>.</summary>
    public static bool BonusPaysAt(this CardProduct product, string storeId) =>
        product.BonusStores is null || product.BonusStores.Contains(storeId);

    /// <summary>What <paramref name="points"/> are worth in minor units, or null when it overflows.</summary>
    public static long? ValueOf(this RuleSet rules, long points)
    {
        var value = (Int128)points * rules.PointValue;
        return value > long.MaxValue ? null : (long)value;
    }
}
