using System.ComponentModel.DataAnnotations;
using MemberCard.Abstractions.Activities;
using MemberCard.Grains.Activities;
using MemberCard.Server.Api.Requests;

namespace MemberCard.Server.Activities;

/// <summary>Create an activity (docs/activities.md): times are ISO 8601 instants; empty <c>tiers</c> and <c>tags</c> admit everyone.</summary>
public sealed record CreateActivityRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string? Name, [property: StringLength(2000)] string? Description,
    [property: Required, MinLength(1), MaxLength(50)] IReadOnlyList<string>? StoreIds, [property: Required] DateTimeOffset? StartsAt,
    [property: Required] DateTimeOffset? EndsAt, [property: Required] DateTimeOffset? SignUpOpensAt, [property: Required] DateTimeOffset? SignUpClosesAt,
    [property: Required, Range(1, ActivityRules.MaxPlaces)] int? Capacity, [property: Range(0, ActivityRules.MaxPlaces)] int? WaitlistCapacity,
    [property: Range(typeof(long), "0", "1000000")] long? Points, [property: MaxLength(50)] IReadOnlyList<string>? Tiers,
    [property: MaxLength(50)] IReadOnlyList<string>? Tags)
{
    /// <summary>The grain's definition; missing fields fail here, the rest is checked by the grain.</summary>
    public ActivityDefinition ToDefinition()
    {
        var rules = new RequestRules();
        var name = rules.Text("name", Name, 100);
        var description = rules.Text("description", Description, 2000, required: false);
        if (StoreIds is null || StoreIds.Count == 0) rules.Fail("storeIds", "storeIds lists the activity's stores.");
        foreach (var (field, value) in new[] { ("startsAt", StartsAt), ("endsAt", EndsAt), ("signUpOpensAt", SignUpOpensAt), ("signUpClosesAt", SignUpClosesAt) })
            if (value is null) rules.Fail(field, $"{field} is required.");
        var capacity = rules.Range("capacity", Capacity, 1, ActivityRules.MaxPlaces);
        rules.ThrowIfAny();
        return new ActivityDefinition(name, StoreIds!, StartsAt!.Value.ToUniversalTime(), EndsAt!.Value.ToUniversalTime(),
            SignUpOpensAt!.Value.ToUniversalTime(), SignUpClosesAt!.Value.ToUniversalTime(), (int)capacity, WaitlistCapacity ?? 0, Points ?? 0,
            Tiers ?? [], Tags ?? [], description.Length == 0 ? null : description);
    }
}

/// <summary>Sign a member up at a till: the store where it happens (store-bound staff: their own).</summary>
public sealed record StaffSignUpRequest([property: Required] string? MemberId, [property: Required, RegularExpression(Identifiers.StoreIdPattern)] string? StoreId);

/// <summary>Cancel a member's sign-up at a till.</summary>
public sealed record StaffCancelSignUpRequest([property: Required, RegularExpression(Identifiers.StoreIdPattern)] string? StoreId);

/// <summary>Check a member in at a store: exactly one of <c>cardNo</c> (a card number or a member code), <c>phone</c>, <c>memberCode</c>.</summary>
public sealed record CheckInRequest(
    [property: Required, RegularExpression(Identifiers.StoreIdPattern)] string? StoreId, string? CardNo, string? Phone, string? MemberCode);

/// <summary>An activity, with places taken and left.</summary>
public sealed record ActivityResponse(
    string ActivityId, string Name, string? Description, IReadOnlyList<string> StoreIds, DateTime StartsAt, DateTime EndsAt,
    DateTime SignUpOpensAt, DateTime SignUpClosesAt, int Capacity, int WaitlistCapacity, long Points, IReadOnlyList<string> Tiers,
    IReadOnlyList<string> Tags, string Status, int SignedUp, int Waitlisted, int PlacesLeft, DateTime CreatedAt)
{
    public static ActivityResponse From(ActivityView v)
    {
        var d = v.Definition;
        return new(v.ActivityId, d.Name, d.Description, d.StoreIds, d.StartsAt.UtcDateTime, d.EndsAt.UtcDateTime, d.SignUpOpensAt.UtcDateTime,
            d.SignUpClosesAt.UtcDateTime, d.Capacity, d.WaitlistCapacity, d.Points, d.Tiers, d.Tags, v.Status, v.SignedUp, v.Waitlisted,
            Math.Max(0, d.Capacity - v.SignedUp), v.CreatedAt.UtcDateTime);
    }
}

/// <summary>A member's registration: <c>status</c> signed_up, waitlisted (with <c>position</c>, 1 = next), cancelled or attended.</summary>
public sealed record RegistrationResponse(
    string ActivityId, string MemberId, string Status, int? Position, DateTime SignedUpAt, DateTime? CheckedInAt, string? CardNo, string? StoreId)
{
    public static RegistrationResponse From(ActivityRegistration r) =>
        new(r.ActivityId, r.MemberId, r.Status, r.Position, r.SignedUpAt.UtcDateTime, r.CheckedInAt?.UtcDateTime, r.CardNo, r.StoreId);
}

/// <summary>A check-in: <c>pointsAwarded</c> false means the points follow within seconds (through the outbox), still once.</summary>
public sealed record CheckInResponse(
    string ActivityId, string MemberId, string CardNo, string StoreId, DateTime CheckedInAt, long Points, bool PointsAwarded)
{
    public static CheckInResponse From(ActivityCheckIn c) => new(c.Registration.ActivityId, c.Registration.MemberId, c.Registration.CardNo!,
        c.Registration.StoreId!, c.Registration.CheckedInAt!.Value.UtcDateTime, c.Points, c.PointsAwarded);
}

/// <summary>Sign-ups, attendance and no-shows of an activity; no-shows count once it has ended (before: <c>awaitingCheckIn</c>).</summary>
public sealed record ActivityReportResponse(
    string ActivityId, int Capacity, int SignedUp, int Waitlisted, int Cancelled, int Attended, int NoShows, int AwaitingCheckIn,
    long PointsAwarded, bool Ended, IReadOnlyList<RegistrationResponse> Registrations)
{
    public static ActivityReportResponse From(ActivityReport r) => new(r.ActivityId, r.Capacity, r.SignedUp, r.Waitlisted, r.Cancelled,
        r.Attended, r.NoShows, r.AwaitingCheckIn, r.PointsAwarded, r.Ended, [.. r.Registrations.Select(RegistrationResponse.From)]);
}

/// <summary>An activity and my registration (null: I never signed up).</summary>
public sealed record MyActivityResponse(ActivityResponse Activity, RegistrationResponse? Registration);
