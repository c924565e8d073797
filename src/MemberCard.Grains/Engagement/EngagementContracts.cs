using MemberCard.Runtime.Reminders;
using MemberCard.Runtime.Streams;

namespace MemberCard.Grains.Engagement;

/// <summary>
/// One member's engagement: follows the member's and its cards' streams (last activity), and on a daily reminder
/// grants the birthday gift (once per year) and sends the churn recall (once per inactivity period). Both decisions
/// are events published in the same commit as the state that remembers them, so neither happens twice.
/// </summary>
public interface IMemberEngagementGrain : IRemindable
{
    /// <summary>Applies one event of the member's stream or of one of its cards' streams (skips what it has seen).</summary>
    Task ObserveAsync(StreamEvent item);

    /// <summary>What the grain remembers (for tests and support).</summary>
    Task<EngagementView> GetAsync();
}

/// <summary>Sweeps expired claims (idempotency keys past their expiry) on a daily reminder.</summary>
public interface IClaimSweeperGrain : IRemindable;

/// <summary>A member's engagement as callers see it.</summary>
public sealed record EngagementView(string MemberId, DateTimeOffset? LastActivity, DateTimeOffset? RecallSentFor, IReadOnlyList<int> GiftedYears);

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
