using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;

namespace MemberCard.Grains.Campaigns;

/// <summary>Checks a campaign definition; every problem is reported at once as 400 <c>validation_failed</c>.</summary>
public static class CampaignDefinitionRules
{
    /// <summary>Upper bound of partitions (each is a grain scanning its slice).</summary>
    public const int MaxPartitions = 64;

    /// <summary>Throws when <paramref name="d"/> is not a usable campaign.</summary>
    public static void Validate(CampaignDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(d.Name) || d.Name.Length > 200) Fail("name", "name is required (at most 200 characters).");
        switch (d.Kind)
        {
            case CouponKinds.Fixed:
                if (d.AmountOff < 1) Fail("amountOff", "A fixed coupon needs amountOff ≥ 1.");
                break;
            case CouponKinds.Percentage:
                if (d.PercentOff is < 1 or > 100) Fail("percentOff", "A percentage coupon needs percentOff between 1 and 100.");
                break;
            case CouponKinds.Gift:
                if (string.IsNullOrWhiteSpace(d.Gift) || d.Gift.Length > 200) Fail("gift", "A gift coupon names its gift (at most 200 characters).");
                break;
            default:
                Fail("kind", "kind is fixed, percentage or gift.");
                break;
        }
        // Checked for every kind (it only caps percentage coupons): a stored nonsense value would surface in every view.
        if (d.MaxDiscount is < 1) Fail("maxDiscount", "maxDiscount must be at least 1 when given.");
        if (d.MinimumSpend < 0) Fail("minimumSpend", "minimumSpend may not be negative.");
        if (d.ValidStores.Count > 1000 || d.ValidStores.Any(string.IsNullOrWhiteSpace)) Fail("validStores", "validStores lists store ids.");
        if (d.ValidUntil is null && d.ValidDaysAfterIssue is null)
            Fail("validUntil", "Give validUntil (absolute) or validDaysAfterIssue (relative).");
        if (d.ValidDaysAfterIssue is < 1 or > 3660) Fail("validDaysAfterIssue", "validDaysAfterIssue is between 1 and 3660.");
        if (d.ValidFrom is { } from && d.ValidUntil is { } until && from >= until) Fail("validUntil", "validUntil must be after validFrom.");
        if (d.PerMemberLimit is < 1 or > 100) Fail("perMemberLimit", "perMemberLimit is between 1 and 100.");
        if (d.TotalStock is < 1) Fail("totalStock", "totalStock must be at least 1 when given.");
        if (d.Budget is < 1) Fail("budget", "budget must be at least 1 when given.");
        if (d.Budget is not null && d.Kind == CouponKinds.Percentage && d.MaxDiscount is null)
            Fail("budget", "A budget on a percentage coupon needs maxDiscount, so the largest discount is known.");
        if (d.Partitions is < 1 or > MaxPartitions) Fail("partitions", $"partitions is between 1 and {MaxPartitions}.");
        if (d.RatePerSecond < 0) Fail("ratePerSecond", "ratePerSecond may not be negative (0: unthrottled).");
        var s = d.Segment;
        if (s.BirthdayMonth is < 1 or > 12) Fail("segment.birthdayMonth", "birthdayMonth is between 1 and 12.");
        if (s.InactiveDays is < 1) Fail("segment.inactiveDays", "inactiveDays must be at least 1.");
        if (errors.Count > 0)
            throw new DomainException(ErrorCodes.ValidationFailed, "The campaign definition is not valid.", errors);
    }

    /// <summary>
    /// The most coupons the campaign may issue: its stock, and its budget divided by one coupon's largest
    /// discount (so the discount given can never pass the budget). Null: no limit.
    /// </summary>
    public static long? IssueLimit(CampaignDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        long? byBudget = d.Budget is { } budget && d.LargestDiscount is { } largest && largest > 0 ? budget / largest : null;
        if (d.TotalStock is { } stock) return byBudget is { } b ? Math.Min(stock, b) : stock;
        return byBudget;
    }

    /// <summary>Partition <paramref name="partition"/>'s share of <paramref name="limit"/> (the shares add up to it).</summary>
    public static long? ShareOf(long? limit, int partition, int partitions) =>
        limit is not { } l ? null : l / partitions + (partition < l % partitions ? 1 : 0);
}
