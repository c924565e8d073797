using MemberCard.Abstractions;
using MemberCard.Abstractions.Mall;

namespace MemberCard.Grains.Mall;

/// <summary>Checks a reward definition before it is stored: 400 <c>validation_failed</c> naming every bad field.</summary>
public static class RewardDefinitionRules
{
    /// <summary>The largest points price.</summary>
    public const long MaxPointsPrice = 100_000_000;

    /// <summary>The largest stored-value bonus (minor units).</summary>
    public const long MaxBonusAmount = 10_000_000;

    /// <summary>The largest stock of one reward.</summary>
    public const int MaxStock = 10_000_000;

    /// <summary>The largest per-member limit.</summary>
    public const int MaxPerMemberLimit = 1_000;

    /// <summary>Throws when <paramref name="d"/> is not a storable definition.</summary>
    public static void Validate(RewardDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];
        if (string.IsNullOrWhiteSpace(d.Name) || d.Name.Length > 100) Fail("name", "name is 1–100 characters.");
        if (d.PointsPrice is < 1 or > MaxPointsPrice) Fail("pointsPrice", $"pointsPrice is 1–{MaxPointsPrice}.");
        switch (d.Kind)
        {
            case RewardKinds.Coupon:
                if (string.IsNullOrWhiteSpace(d.CampaignId)) Fail("campaignId", "A coupon reward names its campaign.");
                break;
            case RewardKinds.Gift:
                if (string.IsNullOrWhiteSpace(d.Gift) || d.Gift.Length > 200) Fail("gift", "A gift reward describes its gift (1–200 characters).");
                if (d.TotalStock is null) Fail("totalStock", "A gift reward has a stock.");
                break;
            case RewardKinds.StoredValue:
                if (d.BonusAmount is < 1 or > MaxBonusAmount) Fail("bonusAmount", $"bonusAmount is 1–{MaxBonusAmount}.");
                break;
            default:
                Fail("kind", "kind is coupon, gift or stored_value.");
                break;
        }
        if (d.Kind != RewardKinds.StoredValue && d.BonusAmount != 0) Fail("bonusAmount", "Only a stored_value reward has a bonusAmount.");
        if (d.TotalStock is < 0 or > MaxStock) Fail("totalStock", $"totalStock is 0–{MaxStock}.");
        if (d.PerMemberLimit is < 1 or > MaxPerMemberLimit) Fail("perMemberLimit", $"perMemberLimit is 1–{MaxPerMemberLimit}.");
        if (d.ValidFrom is { } from && d.ValidUntil is { } until && from >= until) Fail("validUntil", "validUntil must be after validFrom.");
        if (d.Stores is { Count: > 1000 }) Fail("stores", "At most 1000 stores.");
        if (d.Tiers is { Count: > 100 }) Fail("tiers", "At most 100 tiers.");
        if (errors.Count > 0) throw new DomainException(ErrorCodes.ValidationFailed, "The reward is not valid.", errors);
    }
}
