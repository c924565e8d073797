using MemberCard.Abstractions;
using MemberCard.Abstractions.Rules;

namespace MemberCard.Grains.Rules;

/// <summary>Checks a rule set before it is published: a bad rule is a 400 and never becomes a version.</summary>
public static class RuleSetValidator
{
    private const long MaxMoney = 100_000_000_000;

    /// <summary>Throws <see cref="ErrorCodes.ValidationFailed"/> listing every problem.</summary>
    public static void Validate(RuleSet rules)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        if (rules.PointsPerYuan is < 0 or > 10_000) Fail("pointsPerYuan", "pointsPerYuan must be 0 … 10000.");
        if (rules.PointValue is < 1 or > 10_000) Fail("pointValue", "pointValue must be 1 … 10000.");
        if (rules.MaxPointsRedeemedPerOrder < 0) Fail("maxPointsRedeemedPerOrder", "Must not be negative.");
        if (rules.MaxPointsEarnedPerOrder < 0) Fail("maxPointsEarnedPerOrder", "Must not be negative.");
        if (rules.MaxPointsEarnedPerDay < 0) Fail("maxPointsEarnedPerDay", "Must not be negative.");
        if (rules.PointsExpiryMonths is < 0 or > 120) Fail("pointsExpiryMonths", "pointsExpiryMonths must be 0 … 120.");
        if (rules.TierMeasure is not (TierMeasures.Spend or TierMeasures.Points)) Fail("tierMeasure", "tierMeasure must be spend or points.");
        if (rules.DowngradePolicy is not (DowngradePolicies.None or DowngradePolicies.OneStep or DowngradePolicies.Recompute))
            Fail("downgradePolicy", "downgradePolicy must be none, one_step or recompute.");

        if (rules.Tiers is not { Count: > 0 }) Fail("tiers", "At least one tier is needed.");
        else
        {
            if (rules.Tiers[0].Threshold != 0) Fail("tiers", "The first tier's threshold must be 0.");
            for (var i = 0; i < rules.Tiers.Count; i++)
            {
                var t = rules.Tiers[i];
                if (!IsName(t.Name)) Fail($"tiers[{i}].name", "A tier name is 1–32 letters, digits, '_' or '-'.");
                if (i > 0 && t.Threshold <= rules.Tiers[i - 1].Threshold) Fail($"tiers[{i}].threshold", "Thresholds must rise strictly.");
                if (t.DiscountPercent is < 0 or > 100) Fail($"tiers[{i}].discountPercent", "discountPercent must be 0 … 100.");
                if (t.PointsMultiplierPercent is < 0 or > 1000) Fail($"tiers[{i}].pointsMultiplierPercent", "Must be 0 … 1000.");
            }
            if (rules.Tiers.Select(t => t.Name).Distinct().Count() != rules.Tiers.Count) Fail("tiers", "Tier names must be unique.");
        }

        if (rules.Products is not { Count: > 0 }) Fail("products", "At least one card product is needed.");
        else
        {
            for (var i = 0; i < rules.Products.Count; i++)
            {
                var p = rules.Products[i];
                if (!IsName(p.ProductId)) Fail($"products[{i}].productId", "A product id is 1–32 letters, digits, '_' or '-'.");
                if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 100) Fail($"products[{i}].name", "A name of 1–100 characters is needed.");
                if (p.BalanceCap is < 0 or > MaxMoney) Fail($"products[{i}].balanceCap", "balanceCap must be 0 … 100000000000.");
                var steps = p.TopUpBonus ?? [];
                if (steps.Any(s => s.MinAmount < 1 || s.Bonus < 0 || s.Bonus > MaxMoney)) Fail($"products[{i}].topUpBonus", "Steps need minAmount ≥ 1 and bonus ≥ 0.");
                if (steps.Select(s => s.MinAmount).Distinct().Count() != steps.Count) Fail($"products[{i}].topUpBonus", "Each minAmount once.");
            }
            if (rules.Products.Select(p => p.ProductId).Distinct().Count() != rules.Products.Count) Fail("products", "Product ids must be unique.");
            if (rules.Products.All(p => p.ProductId != rules.DefaultProduct)) Fail("defaultProduct", "defaultProduct must name a product.");
        }

        for (var i = 0; i < (rules.Promotions ?? []).Count; i++)
        {
            var p = rules.Promotions![i];
            if (string.IsNullOrWhiteSpace(p.Name)) Fail($"promotions[{i}].name", "A name is needed.");
            if (p.Weekday is < 1 or > 7) Fail($"promotions[{i}].weekday", "weekday is 1 (Monday) … 7 (Sunday).");
            if (p.From is { } from && p.To is { } to && to < from) Fail($"promotions[{i}].to", "to must not be before from.");
            if (p.MultiplierPercent is < 0 or > 1000) Fail($"promotions[{i}].multiplierPercent", "multiplierPercent must be 0 … 1000.");
        }

        if (errors.Count > 0) throw new DomainException(ErrorCodes.ValidationFailed, "The rule set is not valid.", errors);
    }

    private static bool IsName(string? name) =>
        name is { Length: > 0 and <= 32 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
