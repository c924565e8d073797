using MemberCard.Abstractions;
using MemberCard.Abstractions.Members;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Tiers;
using MemberCard.Runtime;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Members;

public sealed partial class MemberGrain
{
    // Enough to recognise a repeated report of any recent transaction; older repeats cannot happen (a card
    // retries only its own pending reports, in order).
    private const int CountedIdsKept = 200;
    private const string TierLedger = "tier_changed";

    public async Task<MemberView> UpdateProfileAsync(UpdateProfile command)
    {
        RequireMember();
        var next = State with
        {
            Name = command.Name ?? State.Name,
            Birthday = command.Birthday ?? State.Birthday,
            Email = command.Email ?? State.Email,
        };
        ClaimKey? newClaim = null;
        if (command.Phone is { } phone)
        {
            var claim = phones.ClaimFor(phone);
            if (claim.Key != State.PhoneClaim)
            {
                newClaim = claim;
                next = next with { PhoneCipher = cipher.Encrypt(phone, GrainId.Key), PhoneMask = PhoneIndex.Mask(phone), PhoneClaim = claim.Key };
            }
        }
        var changed = new List<string>();
        if (next.Name != State.Name) changed.Add("name");
        if (next.Birthday != State.Birthday) changed.Add("birthday");
        if (next.Email != State.Email) changed.Add("email");
        if (newClaim is not null) changed.Add("phone");
        try
        {
            // The new phone's claim and the release of the old one commit with the profile: lookups by either
            // phone are right before and after, never half-way.
            await CommitAsync(next, w =>
            {
                if (newClaim is { } c)
                {
                    w.Claim(c, GrainId.Key);
                    if (State.PhoneClaim is { } old) w.Release(new ClaimKey(PhoneIndex.Scope, old));
                }
                if (changed.Count > 0) w.Publish("member.profile_updated", new MemberProfileUpdated(GrainId.Key, changed, Clock.GetUtcNow()));
                Audit(w, command.Actor);
            });
        }
        catch (ClaimConflictException)
        {
            throw new DomainException(ErrorCodes.MemberExists, "Another member is registered with this phone.");
        }
        return ToView(State);
    }

    public async Task<MemberView> SetTagsAsync(SetTags command)
    {
        RequireMember();
        await CommitAsync(State with { Tags = command.Tags }, w =>
        {
            w.Publish("member.tags_changed", new MemberTagsChanged(GrainId.Key, command.Tags, Clock.GetUtcNow()));
            Audit(w, command.Actor);
        });
        return ToView(State);
    }

    public Task<IReadOnlyList<string>> ListCardsAsync()
    {
        RequireMember();
        return Task.FromResult(State.Cards);
    }

    public async Task AttachCardAsync(string cardNo)
    {
        if (!StateExists || State.Cards.Contains(cardNo)) return;
        await CommitAsync(State with { Cards = [.. State.Cards, cardNo] });
    }

    public async Task<string> RecordActivityAsync(MemberActivity activity)
    {
        if (!StateExists || State.Erased) return "";
        if ((State.Counted ?? []).Contains(activity.TransactionId)) return State.Tier;
        var rules = await RulesAsync();
        var now = Clock.GetUtcNow();
        var months = RollingMeasure.Add(State.Activity ?? [], activity.At, activity.Spend, activity.PointsEarned, now);
        var measure = RollingMeasure.Total(months, now, rules.TierMeasure == TierMeasures.Points);
        var tier = TierLadder.AfterActivity(rules, State.Tier, measure);
        var counted = (State.Counted ?? []).Append(activity.TransactionId).TakeLast(CountedIdsKept).ToList();
        var next = State with { Activity = months, Counted = counted };
        TierChanged? change = null;
        if (tier != State.Tier)
        {
            change = new TierChanged(GrainId.Key, State.Tier, tier, TierChangeReasons.Upgrade, measure, rules.Version, now);
            next = next with { Tier = tier, TierSince = now };
        }
        await CommitAsync(next, w =>
        {
            if (change is not null) w.Journal(TierLedger, change).Publish("member.tier_changed", change);
        });
        return State.Tier;
    }

    public async Task<MemberView> ReviewTierAsync(ReviewTier command)
    {
        RequireMember();
        var now = Clock.GetUtcNow();
        var since = State.TierSince ?? State.CreatedAt;
        if (now < since.AddYears(1))
        {
            if (command.Actor is not null) await CommitAsync(State, w => Audit(w, command.Actor));
            return ToView(State);
        }
        var rules = await RulesAsync();
        var measure = RollingMeasure.Total(State.Activity ?? [], now, rules.TierMeasure == TierMeasures.Points);
        var tier = TierLadder.AfterReview(rules, State.Tier, measure);
        var change = tier == State.Tier ? null : new TierChanged(GrainId.Key, State.Tier, tier, TierChangeReasons.YearlyReview, measure, rules.Version, now);
        // The review itself moves the next one a year on, whether or not the tier changed.
        await CommitAsync(State with { Tier = tier, TierSince = now }, w =>
        {
            if (change is not null) w.Journal(TierLedger, change).Publish("member.tier_changed", change);
            Audit(w, command.Actor);
        });
        return ToView(State);
    }

    public async Task<IReadOnlyList<TierChanged>> ListTierChangesAsync(int limit)
    {
        RequireMember();
        var entries = await ReadJournalAsync(new JournalQuery(limit, null));
        return [.. entries.Select(e => Serializer.Deserialize<TierChanged>(e.Json))];
    }
}

/// <summary>Outbox event of a profile change: which fields changed (never their values).</summary>
public sealed record MemberProfileUpdated(string MemberId, IReadOnlyList<string> Fields, DateTimeOffset At);

/// <summary>Outbox event of a tag change.</summary>
public sealed record MemberTagsChanged(string MemberId, IReadOnlyList<string> Tags, DateTimeOffset At);
