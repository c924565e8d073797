using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using MemberCard.Storage.Streams;
using Microsoft.Extensions.Options;

using MemberCard.Storage.State;

namespace MemberCard.Grains.Engagement;

/// <inheritdoc cref="IMemberEngagementGrain" />
[GrainType("engagement")]
public sealed class MemberEngagementGrain(IOptions<EngagementOptions> options, [AtomicState] IAtomicState<EngagementState> state) : StateGrain<EngagementState>(state), IMemberEngagementGrain
{
    /// <summary>The daily reminder's name.</summary>
    public const string CareReminder = "care";

    // How far activity must move LastActivity to be written (inactivity is counted in days).
    private static readonly TimeSpan ActivityStep = TimeSpan.FromHours(1);

    private bool _reminderChecked;

    /// <inheritdoc />
    protected override EngagementState CreateInitialState() => new(false, null, null, [], new Dictionary<string, StreamSequence>());

    /// <inheritdoc />
    public async Task ObserveAsync(OutboxEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (State.Seen.TryGetValue(item.Source, out var seen) && item.Sequence <= seen) return;
        var active = item.Kind is "member.registered" or "card.purchase" or "card.top_up";
        var last = active && (State.LastActivity is null || item.CreatedAt > State.LastActivity) ? item.CreatedAt : State.LastActivity;
        var first = !State.Known;
        // Only what a later decision reads is worth a write: a member seen for the first time, or activity that moves
        // LastActivity on by ActivityStep or more (recalls count inactivity in days). Every other event would cost
        // each POS write a second write here; not recording its sequence is harmless, since seeing it again changes
        // nothing either.
        if (first || last - State.LastActivity >= ActivityStep || (State.LastActivity is null && last is not null))
        {
            var seenNext = new Dictionary<string, StreamSequence>(State.Seen) { [item.Source] = item.Sequence };
            await CommitAsync(State with { Known = true, LastActivity = last, Seen = seenNext });
        }
        // Registered after the commit: a crash in between leaves the next event (or a replay) to register it. Checked
        // once per activation, not per event.
        if (first || !_reminderChecked)
        {
            if (first || !await this.HasReminderAsync(CareReminder))
                await this.SetReminderAsync(CareReminder, TimeSpan.FromMinutes(1), options.Value.CheckPeriod);
            _reminderChecked = true;
        }
    }

    /// <inheritdoc />
    public Task<EngagementView> GetAsync() => Task.FromResult(new EngagementView(Key, State.LastActivity, State.RecallSentFor, State.GiftedYears));

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CareReminder) return;
        var member = await GrainFactory.GetGrain<IMemberGrain>(Key).GetAsync();
        if (member is null)
        {
            // Erased (or never registered): nothing to celebrate or recall, ever.
            await this.ClearReminderAsync(CareReminder);
            _reminderChecked = false;
            return;
        }
        var cards = await GrainFactory.GetGrain<IMemberGrain>(Key).ListCardsAsync();
        await MaintainAsync(cards);
        var settings = options.Value;
        var now = Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone)).DateTime);
        if (member.Birthday is { } birthday && IsBirthday(birthday, today) && !State.GiftedYears.Contains(today.Year))
        {
            var points = settings.BirthdayPoints.TryGetValue(member.Tier, out var p) ? p : settings.DefaultBirthdayPoints;
            // Credited before the year is recorded, under an idempotency key of its own: a crash in between makes the
            // next tick replay the same credit rather than add a second one.
            var credit = points > 0 ? await CreditGiftAsync(cards, points, today.Year) : null;
            // The year guard, the claim and the event commit together: a repeated tick, a restart or a duplicate
            // activation cannot grant this year's gift again.
            await CommitAsync(State with { GiftedYears = [.. State.GiftedYears, today.Year] }, w => w
                .Claim(new ClaimKey("birthday-gift", $"{Key}:{today.Year}"), today.Year)
                .Publish("engagement.birthday_gift", new BirthdayGiftGranted(Key, today.Year, member.Tier, points, now, credit?.CardNo, credit?.TransactionId)));
        }
        if (State.LastActivity is { } last && now - last >= TimeSpan.FromDays(settings.InactiveDays) && State.RecallSentFor != last)
        {
            await CommitAsync(State with { RecallSentFor = last }, w => w
                .Publish("engagement.recall", new RecallDue(Key, last, (int)(now - last).TotalDays, now)));
        }
    }

    // Daily upkeep the domain leaves to a reminder: due points lots expire even on cards nobody uses, and the
    // yearly tier review runs (each call does nothing when nothing is due, so a repeated tick is harmless).
    private async Task MaintainAsync(IReadOnlyList<string> cards)
    {
        foreach (var cardNo in cards) await GrainFactory.GetGrain<ICardGrain>(cardNo).ExpirePointsAsync(new ExpirePoints());
        await GrainFactory.GetGrain<IMemberGrain>(Key).ReviewTierAsync(new ReviewTier());
    }

    // The gift goes to the member's first card that takes it (closed or frozen cards refuse); none → no credit.
    private async Task<CardTransaction?> CreditGiftAsync(IReadOnlyList<string> cards, long points, int year)
    {
        var key = $"{Key}:{year}";
        foreach (var cardNo in cards)
        {
            var card = GrainFactory.GetGrain<ICardGrain>(cardNo);
            if ((await card.GetAsync())?.Status != CardStatuses.Active) continue;
            try
            {
                return await card.AdjustPointsAsync(new AdjustPoints(points, $"birthday gift {year}", new RequestIdentity("system:birthday", key, $"birthday:{key}:{points}")));
            }
            catch (DomainException)
            {
                // This card does not take points (its product, its state): try the next one.
            }
        }
        return null;
    }

    // A 29 February birthday is celebrated on 28 February in other years.
    private static bool IsBirthday(DateOnly birthday, DateOnly today) =>
        birthday.Month == today.Month && (birthday.Day == today.Day
            || (birthday is { Month: 2, Day: 29 } && today.Day == 28 && !DateTime.IsLeapYear(today.Year)));
}
