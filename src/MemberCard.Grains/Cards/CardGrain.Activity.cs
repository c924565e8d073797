using MemberCard.Abstractions;
using MemberCard.Abstractions.Activities;
using MemberCard.Abstractions.Cards;
using MemberCard.Grains.Points;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Cards;

/// <summary>
/// Points for attending a member activity (docs/activities.md). The check-in calls this at once and the outbox consumer
/// calls it again for every <c>activity.checked_in</c>; the claim <c>activity-points:&lt;activity&gt;/&lt;member&gt;</c>, taken
/// without expiry in the write of the ledger entry, makes every arrival after the first a replay of that entry.
/// </summary>
public sealed partial class CardGrain : ICardActivityPointsGrain
{
    public Task<CardTransaction> AwardActivityPointsAsync(AwardActivityPoints command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Points <= 0) throw DomainException.Invalid("points", "Activity points must be positive.");
        var claim = ActivityPointsClaim(command.ActivityId, command.MemberId);
        var request = new RequestIdentity(null, null, $"activity:{command.ActivityId}/{command.MemberId}/{command.Points}");
        return ExecuteAsync(request, null, claim, async id =>
        {
            RequireOpen();
            var rules = await RulesAsync();
            var now = Clock.GetUtcNow();
            var lots = PointLots.Add(State.PointLots, new PointLot(id, now, PointsExpiry.ExpiresAt(rules.PointsExpiryMonths, now), command.Points));
            var t = NewTransaction(id, TransactionTypes.PointsAdjustment, "", null, 0, 0, command.Points, rules.Version) with
            {
                Reason = $"activity {command.ActivityId} attended: {command.ActivityName}",
            };
            return new Decision(t, Apply(State, t) with { Lots = lots });
        });
    }

    /// <summary>The claim that makes an activity's points one credit per member.</summary>
    internal static ClaimKey ActivityPointsClaim(string activityId, string memberId) => new("activity-points", $"{activityId}/{memberId}");
}
