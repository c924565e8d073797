using MemberCard.Abstractions;
using MemberCard.Abstractions.Activities;
using MemberCard.Abstractions.Members;

namespace MemberCard.Grains.Activities;

/// <summary>The rules of docs/activities.md that need no state: a valid definition, eligibility and the windows.</summary>
public static class ActivityRules
{
    /// <summary>Most places (and waiting-list places) an activity has; its grain holds every registration.</summary>
    public const int MaxPlaces = 10_000;

    /// <summary>Most points an activity gives.</summary>
    public const long MaxPoints = 1_000_000;

    /// <summary>How long before the start a check-in is taken.</summary>
    public static readonly TimeSpan CheckInOpensBefore = TimeSpan.FromHours(1);

    /// <summary>Throws 400 <c>validation_failed</c> naming every bad field.</summary>
    public static void Validate(ActivityDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(d.Name) || d.Name.Length > 100) Fail("name", "name is required (at most 100 characters).");
        if (d.Description is { Length: > 2000 }) Fail("description", "description has at most 2000 characters.");
        if (d.StoreIds.Count is < 1 or > 50 || d.StoreIds.Any(string.IsNullOrWhiteSpace) || d.StoreIds.Distinct().Count() != d.StoreIds.Count)
            Fail("storeIds", "storeIds lists 1–50 different stores.");
        // Bounded, so the check-in window (an hour before the start) is always a date.
        foreach (var (field, value) in new[] { ("startsAt", d.StartsAt), ("endsAt", d.EndsAt), ("signUpOpensAt", d.SignUpOpensAt), ("signUpClosesAt", d.SignUpClosesAt) })
            if (value.Year is < 2000 or > 9000) Fail(field, $"{field} is a date in the years 2000–9000.");
        if (d.StartsAt >= d.EndsAt) Fail("endsAt", "endsAt must be after startsAt.");
        if (d.SignUpOpensAt >= d.SignUpClosesAt) Fail("signUpClosesAt", "signUpClosesAt must be after signUpOpensAt.");
        else if (d.SignUpClosesAt > d.EndsAt) Fail("signUpClosesAt", "signUpClosesAt may not be after endsAt.");
        if (d.Capacity is < 1 or > MaxPlaces) Fail("capacity", $"capacity is 1–{MaxPlaces}.");
        if (d.WaitlistCapacity is < 0 or > MaxPlaces) Fail("waitlistCapacity", $"waitlistCapacity is 0–{MaxPlaces}.");
        if (d.Points is < 0 or > MaxPoints) Fail("points", $"points is 0–{MaxPoints}.");
        if (d.Tiers.Count > 50 || d.Tiers.Any(string.IsNullOrWhiteSpace)) Fail("tiers", "tiers lists at most 50 tier names.");
        if (d.Tags.Count > 50 || d.Tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 32)) Fail("tags", "tags lists at most 50 tags of 1–32 characters.");
        if (errors.Count > 0) throw new DomainException(ErrorCodes.ValidationFailed, "The activity is not valid.", errors);
    }

    /// <summary>Throws 409 <c>activity_not_eligible</c> unless the member's tier and tags admit them.</summary>
    public static void RequireEligible(ActivityDefinition d, MemberView member)
    {
        if (d.Tiers.Count > 0 && !d.Tiers.Contains(member.Tier))
            throw new DomainException(ErrorCodes.ActivityNotEligible, $"The activity is for the tiers {string.Join(", ", d.Tiers)}.");
        if (d.Tags.Count > 0 && !(member.Tags ?? []).Any(d.Tags.Contains))
            throw new DomainException(ErrorCodes.ActivityNotEligible, $"The activity is for members tagged {string.Join(", ", d.Tags)}.");
    }

    /// <summary>Throws 409 <c>sign_up_closed</c> outside the sign-up window.</summary>
    public static void RequireSignUpOpen(ActivityDefinition d, DateTimeOffset now)
    {
        if (now < d.SignUpOpensAt) throw new DomainException(ErrorCodes.SignUpClosed, $"Sign-up opens at {d.SignUpOpensAt:yyyy-MM-ddTHH:mm:ssZ}.");
        if (now >= d.SignUpClosesAt) throw new DomainException(ErrorCodes.SignUpClosed, $"Sign-up closed at {d.SignUpClosesAt:yyyy-MM-ddTHH:mm:ssZ}.");
    }

    /// <summary>Throws 409 <c>sign_up_closed</c> once the activity started (a sign-up can no longer be cancelled).</summary>
    public static void RequireNotStarted(ActivityDefinition d, DateTimeOffset now)
    {
        if (now >= d.StartsAt) throw new DomainException(ErrorCodes.SignUpClosed, "The activity has started: sign-ups can no longer be cancelled.");
    }

    /// <summary>Throws 409 <c>check_in_closed</c> outside one hour before the start until the end.</summary>
    public static void RequireCheckInOpen(ActivityDefinition d, DateTimeOffset now)
    {
        if (now < d.StartsAt - CheckInOpensBefore || now >= d.EndsAt)
            throw new DomainException(ErrorCodes.CheckInClosed, $"Check-in is open from {d.StartsAt - CheckInOpensBefore:yyyy-MM-ddTHH:mm:ssZ} until {d.EndsAt:yyyy-MM-ddTHH:mm:ssZ}.");
    }
}
