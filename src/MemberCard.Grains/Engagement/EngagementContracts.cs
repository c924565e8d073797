using MemberCard.Runtime.Streams;
using MemberCard.Storage.Streams;

namespace MemberCard.Grains.Engagement;

/// <summary>
/// One member's engagement: follows the member's and its cards' streams (last activity), and on a daily reminder
/// grants the birthday gift (once per year) and sends the churn recall (once per inactivity period). Both decisions
/// are events published in the same commit as the state that remembers them, so neither happens twice.
/// </summary>
[Alias("mc.IMemberEngagementGrain")]
public interface IMemberEngagementGrain : IGrainWithStringKey, IRemindable
{
    /// <summary>Applies one event of the member's stream or of one of its cards' streams (skips what it has seen).</summary>
    Task ObserveAsync(OutboxEvent item);

    /// <summary>What the grain remembers (for tests and support).</summary>
    Task<EngagementView> GetAsync();
}

/// <summary>Sweeps expired claims (idempotency keys past their expiry) on a daily reminder.</summary>
[Alias("mc.IClaimSweeperGrain")]
public interface IClaimSweeperGrain : IGrainWithStringKey, IRemindable
{
    /// <summary>Makes sure the daily sweep is scheduled (once per cluster: the reminder row is shared).</summary>
    Task EnsureScheduledAsync();
}

/// <summary>A member's engagement as callers see it.</summary>
[GenerateSerializer, Immutable, Alias("mc.EngagementView")]
public sealed record EngagementView(
    [property: Id(0)] string MemberId, [property: Id(1)] DateTimeOffset? LastActivity, [property: Id(2)] DateTimeOffset? RecallSentFor,
    [property: Id(3)] IReadOnlyList<int> GiftedYears);

/// <summary>
/// Published as <c>engagement.birthday_gift</c>: the member got <see cref="Points"/> for <see cref="Year"/>, credited to
/// <see cref="CardNo"/> by the ledger entry <see cref="TransactionId"/> (both null when no card of the member took points).
/// </summary>
public sealed record BirthdayGiftGranted(string MemberId, int Year, string Tier, long Points, DateTimeOffset At, string? CardNo = null, string? TransactionId = null);

/// <summary>Published as <c>engagement.recall</c>: no purchase or top-up since <see cref="LastActivity"/>.</summary>
public sealed record RecallDue(string MemberId, DateTimeOffset LastActivity, int InactiveDays, DateTimeOffset At);

/// <summary>The engagement grain's state.</summary>
public sealed record EngagementState(
    bool Known, DateTimeOffset? LastActivity, DateTimeOffset? RecallSentFor, IReadOnlyList<int> GiftedYears, IReadOnlyDictionary<string, StreamSequence> Seen);
