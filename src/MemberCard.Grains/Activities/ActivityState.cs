using MemberCard.Abstractions.Activities;

namespace MemberCard.Grains.Activities;

/// <summary>
/// Durable state of an activity: its definition, status and one registration per member who ever signed up.
/// <see cref="NextSeq"/> numbers joins, so the waiting list's order survives cancellations and re-joins.
/// </summary>
public sealed record ActivityState(
    ActivityDefinition? Definition, string Status, DateTimeOffset CreatedAt, long NextSeq, IReadOnlyList<ActivityMember> Members);

/// <summary>A member's registration as stored; <see cref="Seq"/> is the order they joined (the waiting list's order).</summary>
public sealed record ActivityMember(
    string MemberId, string Status, long Seq, DateTimeOffset SignedUpAt, DateTimeOffset? CheckedInAt = null, string? CardNo = null,
    string? StoreId = null, long Points = 0);

/// <summary>Written to the runtime log <see cref="ActivityKeys.ActivitiesLog"/> once per activity, so the list can find every activity.</summary>
public sealed record ActivityListed(string ActivityId);

/// <summary>Names the activities' storage uses.</summary>
public static class ActivityKeys
{
    /// <summary>The runtime log with one entry per activity created.</summary>
    public const string ActivitiesLog = "activities";

    /// <summary>The outbox event of a check-in (its body is <see cref="AwardActivityPoints"/>).</summary>
    public const string CheckedIn = "activity.checked_in";
}
