using MemberCard.Abstractions.Access;

namespace MemberCard.Abstractions.Activities;

/// <summary>
/// A member activity (docs/activities.md): one grain owns its places, sign-ups, waiting list and attendance, so its
/// capacity holds by construction (one call at a time, each committed before the answer).
/// </summary>
[Alias("mc.IActivityGrain")]
public interface IActivityGrain : IGrainWithStringKey
{
    /// <summary>Creates the activity; <c>activity_exists</c> when the id is taken, <c>validation_failed</c> per bad field.</summary>
    Task<ActivityView> CreateAsync(CreateActivity command);

    /// <summary>The activity, or null.</summary>
    [ReadOnly]
    Task<ActivityView?> GetAsync();

    /// <summary>Cancels the activity: no more sign-ups or check-ins (idempotent).</summary>
    Task<ActivityView> CancelAsync(CancelActivity command);

    /// <summary>Signs the member up, or puts them on the waiting list; a second sign-up answers the current registration.</summary>
    Task<ActivityRegistration> SignUpAsync(SignUpForActivity command);

    /// <summary>Cancels the member's sign-up (or place in line); the first waitlisted member takes a freed place.</summary>
    Task<ActivityRegistration> CancelSignUpAsync(CancelActivitySignUp command);

    /// <summary>Checks a signed-up member in at a store and credits the activity's points to the card once.</summary>
    Task<ActivityCheckIn> CheckInAsync(CheckInToActivity command);

    /// <summary>The member's registration, or null when they never signed up.</summary>
    [ReadOnly]
    Task<ActivityRegistration?> GetRegistrationAsync(string memberId);

    /// <summary>Sign-ups, attendance and no-shows.</summary>
    [ReadOnly]
    Task<ActivityReport> GetReportAsync();
}

/// <summary>What an activity is; <see cref="Tiers"/> and <see cref="Tags"/> empty admit everyone.</summary>
[GenerateSerializer, Immutable, Alias("mc.ActivityDefinition")]
public sealed record ActivityDefinition(
    [property: Id(0)] string Name, [property: Id(1)] IReadOnlyList<string> StoreIds, [property: Id(2)] DateTimeOffset StartsAt,
    [property: Id(3)] DateTimeOffset EndsAt, [property: Id(4)] DateTimeOffset SignUpOpensAt, [property: Id(5)] DateTimeOffset SignUpClosesAt,
    [property: Id(6)] int Capacity, [property: Id(7)] int WaitlistCapacity, [property: Id(8)] long Points,
    [property: Id(9)] IReadOnlyList<string> Tiers, [property: Id(10)] IReadOnlyList<string> Tags, [property: Id(11)] string? Description = null);

/// <summary>Create an activity.</summary>
[GenerateSerializer, Immutable, Alias("mc.CreateActivity")]
public sealed record CreateActivity([property: Id(0)] ActivityDefinition Definition, [property: Id(1)] AuditActor? Actor = null);

/// <summary>Cancel an activity.</summary>
[GenerateSerializer, Immutable, Alias("mc.CancelActivity")]
public sealed record CancelActivity([property: Id(0)] AuditActor? Actor = null);

/// <summary>Sign a member up (the member themselves: no actor; staff: their actor).</summary>
[GenerateSerializer, Immutable, Alias("mc.SignUpForActivity")]
public sealed record SignUpForActivity([property: Id(0)] string MemberId, [property: Id(1)] AuditActor? Actor = null);

/// <summary>Cancel a member's sign-up.</summary>
[GenerateSerializer, Immutable, Alias("mc.CancelActivitySignUp")]
public sealed record CancelActivitySignUp([property: Id(0)] string MemberId, [property: Id(1)] AuditActor? Actor = null);

/// <summary>Check a member in with the card they showed (or their first active card, found by phone).</summary>
[GenerateSerializer, Immutable, Alias("mc.CheckInToActivity")]
public sealed record CheckInToActivity([property: Id(0)] string MemberId, [property: Id(1)] string CardNo, [property: Id(2)] string StoreId, [property: Id(3)] AuditActor? Actor = null);

/// <summary>Activity statuses.</summary>
public static class ActivityStatuses
{
    public const string Open = "open";
    public const string Cancelled = "cancelled";
}

/// <summary>Registration statuses.</summary>
public static class RegistrationStatuses
{
    public const string SignedUp = "signed_up";
    public const string Waitlisted = "waitlisted";
    public const string Cancelled = "cancelled";
    public const string Attended = "attended";
}

/// <summary>An activity with its places taken and left.</summary>
[GenerateSerializer, Immutable, Alias("mc.ActivityView")]
public sealed record ActivityView(
    [property: Id(0)] string ActivityId, [property: Id(1)] ActivityDefinition Definition, [property: Id(2)] string Status,
    [property: Id(3)] int SignedUp, [property: Id(4)] int Waitlisted, [property: Id(5)] DateTimeOffset CreatedAt);

/// <summary>A member's registration: <see cref="Position"/> is their place in the waiting list (1 = next), else null.</summary>
[GenerateSerializer, Immutable, Alias("mc.ActivityRegistration")]
public sealed record ActivityRegistration(
    [property: Id(0)] string ActivityId, [property: Id(1)] string MemberId, [property: Id(2)] string Status, [property: Id(3)] int? Position,
    [property: Id(4)] DateTimeOffset SignedUpAt, [property: Id(5)] DateTimeOffset? CheckedInAt = null, [property: Id(6)] string? CardNo = null,
    [property: Id(7)] string? StoreId = null);

/// <summary>A check-in: the points and the card they go to; <see cref="PointsAwarded"/> false: they follow through the outbox.</summary>
[GenerateSerializer, Immutable, Alias("mc.ActivityCheckIn")]
public sealed record ActivityCheckIn([property: Id(0)] ActivityRegistration Registration, [property: Id(1)] long Points, [property: Id(2)] bool PointsAwarded);

/// <summary>What marketing sees of an activity.</summary>
[GenerateSerializer, Immutable, Alias("mc.ActivityReport")]
public sealed record ActivityReport(
    [property: Id(0)] string ActivityId, [property: Id(1)] int Capacity, [property: Id(2)] int SignedUp, [property: Id(3)] int Waitlisted,
    [property: Id(4)] int Cancelled, [property: Id(5)] int Attended, [property: Id(6)] int NoShows, [property: Id(7)] int AwaitingCheckIn,
    [property: Id(8)] long PointsAwarded, [property: Id(9)] bool Ended, [property: Id(10)] IReadOnlyList<ActivityRegistration> Registrations);

/// <summary>The card's side of the activity points: credited once per activity and member (a claim without expiry).</summary>
[Alias("mc.ICardActivityPointsGrain")]
public interface ICardActivityPointsGrain : IGrainWithStringKey
{
    /// <summary>Credits the points with one ledger entry; the same activity and member again replays that entry.</summary>
    Task<Cards.CardTransaction> AwardActivityPointsAsync(AwardActivityPoints command);
}

/// <summary>Points for attending an activity (also the body of the outbox event <c>activity.checked_in</c>).</summary>
[GenerateSerializer, Immutable, Alias("mc.AwardActivityPoints")]
public sealed record AwardActivityPoints([property: Id(0)] string ActivityId, [property: Id(1)] string MemberId, [property: Id(2)] string CardNo,
    [property: Id(3)] long Points, [property: Id(4)] string ActivityName);
