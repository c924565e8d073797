using MemberCard.Abstractions.Members;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Cards;
using MemberCard.Grains.Tiers;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Members;

/// <summary>
/// Tiers. The measure is the sum of the rolling activity of every card of the member; each card commits its own
/// activity with the purchase or refund that changed it, so a purchase writes nothing on the member. The member keeps
/// the latest activity of each card in memory: read from the cards' committed state when it activates, then updated by
/// the cards' reports (the newer version wins). A report only makes an upgrade immediate; if it is lost, the next
/// activation reads the card's committed activity and upgrades then.
/// </summary>
public sealed partial class MemberGrain
{
    private const string TierLedger = "tier_changed";

    private readonly Dictionary<string, CardActivity> _cardActivity = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!StateExists || State.Erased || State.Cards.Count == 0) return;
        foreach (var cardNo in State.Cards)
        {
            // Storage, not a call: the card may be inside a turn that is calling this member.
            if (await PeekStateAsync<CardState>("card", cardNo) is { } card && card.State.Activity is { } months)
                Remember(new CardActivity(cardNo, card.Version, months));
        }
        // A member whose cards have no tier activity has nothing to upgrade on: no call to the rules.
        if (_cardActivity.Count > 0) await UpgradeIfEarnedAsync();
    }

    public async Task<string> ReportCardActivityAsync(CardActivity report)
    {
        if (!StateExists || State.Erased) return "";
        Remember(report);
        await UpgradeIfEarnedAsync();
        return State.Tier;
    }

    public async Task<MemberView> ReviewTierAsync(ReviewTier command)
    {
        RequireMember();
        await ProfileAsync(); // read before the commit: the answer after it then needs no storage read that could fail
        var now = Clock.GetUtcNow();
        var since = State.TierSince ?? State.CreatedAt;
        if (now < since.AddYears(1))
        {
            if (command.Actor is not null) await CommitAsync(State, w => Audit(w, command.Actor));
            return await ViewAsync();
        }
        var rules = await RulesAsync();
        var measure = Measure(now, rules.TierMeasure == TierMeasures.Points);
        var tier = TierLadder.AfterReview(rules, State.Tier, measure);
        var change = tier == State.Tier ? null : new TierChanged(Key, State.Tier, tier, TierChangeReasons.YearlyReview, measure, rules.Version, now);
        // The review itself moves the next one a year on, whether or not the tier changed.
        await CommitAsync(State with { Tier = tier, TierSince = now }, w =>
        {
            if (change is not null) w.Journal(TierLedger, change).Publish("member.tier_changed", change);
            Audit(w, command.Actor);
        });
        return await ViewAsync();
    }

    public async Task<IReadOnlyList<TierChanged>> ListTierChangesAsync(int limit)
    {
        RequireMember();
        var entries = await ReadJournalAsync(new JournalQuery(limit, null));
        return [.. entries.Select(e => Serializer.Deserialize<TierChanged>(e.Json))];
    }

    // Activity never lowers a tier; only the yearly review does.
    private async Task UpgradeIfEarnedAsync()
    {
        var rules = await RulesAsync();
        var now = Clock.GetUtcNow();
        var measure = Measure(now, rules.TierMeasure == TierMeasures.Points);
        var tier = TierLadder.AfterActivity(rules, State.Tier, measure);
        if (tier == State.Tier) return;
        var change = new TierChanged(Key, State.Tier, tier, TierChangeReasons.Upgrade, measure, rules.Version, now);
        await CommitAsync(State with { Tier = tier, TierSince = now }, w => w.Journal(TierLedger, change).Publish("member.tier_changed", change));
    }

    private void Remember(CardActivity report)
    {
        if (!_cardActivity.TryGetValue(report.CardNo, out var known) || known.Version < report.Version) _cardActivity[report.CardNo] = report;
    }

    // State.Activity: activity a member counted itself before cards kept their own (states written by older versions).
    private long Measure(DateTimeOffset now, bool points) =>
        RollingMeasure.Total((State.Activity ?? []).Concat(_cardActivity.Values.SelectMany(c => c.Months)), now, points);
}
