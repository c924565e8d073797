using MemberCard.Grains.Shared;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Members;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Cards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Members;

/// <summary>
/// Change a member's profile; absent (null) fields stay as they are. A new phone here is a manager's change (admin or
/// store manager) and needs a reason; a till confirms a new phone with a code instead (`POST .../phone-change`). A
/// first ID number any till may set; replacing one is a manager's change with a reason too.
/// </summary>
public sealed record UpdateMemberRequest(
    [property: RegularExpression(Identifiers.PhonePattern)] string? Phone,
    [property: StringLength(MemberEndpoints.MaxName, MinimumLength = 1)] string? Name,
    [property: RegularExpression(MemberEndpoints.BirthdayPattern)] string? Birthday,
    [property: StringLength(MemberEndpoints.MaxEmail, MinimumLength = 1)] string? Email,
    [property: StringLength(MemberEndpoints.MaxReason, MinimumLength = 1)] string? Reason = null,
    [property: RegularExpression(Identifiers.IdNumberPattern)] string? IdNumber = null);

/// <summary>Replace a member's tags.</summary>
/// <remarks>At most 50 tags of 1–32 characters; an empty list clears them.</remarks>
public sealed record MemberTagsRequest([property: Required, MaxLength(MemberProfileEndpoints.MaxTags)] IReadOnlyList<string>? Tags);

/// <summary>A tier change of a member (its tier ledger).</summary>
public sealed record TierChangeItem(
    string From, string To, [property: AllowedValues(TierChangeReasons.Upgrade, TierChangeReasons.YearlyReview)] string Reason, long Measure, int RulesVersion, DateTime At)
{
    public static TierChangeItem Of(TierChanged c) => new(c.From, c.To, c.Reason, c.Measure, c.RulesVersion, c.At.UtcDateTime);
}

/// <summary>/api/v1/members/{memberId}: profile update, tags, cards, tier changes and the tier review.</summary>
public static class MemberProfileEndpoints
{
    /// <summary>The most tags a member has.</summary>
    internal const int MaxTags = 50;

    public static void MapMemberProfileEndpoints(this RouteGroupBuilder api)
    {
        var pos = api.MapGroup("/members/{memberId}").WithTags("Members").RequireAuthorization(Caller.PosPolicy);
        pos.MapPatch("/", UpdateMember).WithName(nameof(UpdateMember)).WithSummary("Update a member's profile (a new phone only by a manager, with a reason)")
            .WithDescription("Changes the fields sent; fields left out (or null) stay as they are. A new phone is a manager's change (admin or store manager) "
                + "and needs `reason`; from other roles it is 403 `phone_code_required` (confirm with a code: `POST .../phone-change`). "
                + "A phone another member has is 409 `member_exists`. `idNumber` sets the resident ID number: a member without one may be given "
                + "one by any till; replacing one is a manager's change with `reason` too (403 `forbidden` from other roles). A number another "
                + "member holds is 409 `id_number_taken`.")
            .CanFail(ErrorCodes.MemberNotFound, ErrorCodes.MemberExists, ErrorCodes.IdNumberTaken, ErrorCodes.ValidationFailed, ErrorCodes.PhoneCodeRequired);
        pos.MapPut("/tags", SetMemberTags).WithName(nameof(SetMemberTags)).WithSummary("Replace a member's tags")
            .WithDescription("Replaces the member's tags (at most 50, each 1–32 characters, duplicates dropped); an empty list clears them.")
            .CanFail(ErrorCodes.MemberNotFound, ErrorCodes.ValidationFailed);
        pos.MapGet("/cards", ListMemberCards).WithName(nameof(ListMemberCards)).WithSummary("A member's cards, oldest first")
            .WithDescription("Every card of the member, replaced and closed ones included; `nextCursor` is always null.")
            .CanFail(ErrorCodes.MemberNotFound);
        pos.MapGet("/tier-changes", ListTierChanges).WithName(nameof(ListTierChanges)).WithSummary("A member's tier changes, newest first")
            .WithDescription("The member's tier ledger: the latest `limit` changes; `nextCursor` is always null.")
            .CanFail(ErrorCodes.MemberNotFound, ErrorCodes.ValidationFailed);
        var admin = api.MapGroup("/members/{memberId}").WithTags("Members").RequireAuthorization(Caller.AdminPolicy);
        admin.MapPost("/tier-review", ReviewTier).WithName(nameof(ReviewTier))
            .WithSummary("Run the yearly tier review now if it is due (admin; the tier reminder does the same)")
            .WithDescription("Answers the member after the review (unchanged when it was not due).")
            .CanFail(ErrorCodes.MemberNotFound);
    }

    [Audited("member.update")]
    public static async Task<Ok<MemberResponse>> UpdateMember(string memberId, UpdateMemberRequest request, HttpContext context, IGrainFactory grains)
    {
        var rules = new RequestRules();
        var phone = request.Phone is null ? null : rules.Phone("phone", request.Phone);
        var name = request.Name is null ? null : rules.Text("name", request.Name, MemberEndpoints.MaxName);
        var email = request.Email is null ? null : rules.Text("email", request.Email, MemberEndpoints.MaxEmail);
        var reason = request.Reason is null ? null : rules.Text("reason", request.Reason, MemberEndpoints.MaxReason);
        var idNumber = request.IdNumber is null ? null : rules.IdNumber("idNumber", request.IdNumber);
        if (email is { Length: > 0 } && (!email.Contains('@') || email.StartsWith('@') || email.EndsWith('@'))) rules.Fail("email", "email is not an address.");
        DateOnly? birthday = null;
        if (request.Birthday is not null)
        {
            if (DateOnly.TryParseExact(request.Birthday, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var b)
                && b.Year >= 1900 && b <= DateOnly.FromDateTime(DateTime.UtcNow)) birthday = b;
            else rules.Fail("birthday", "birthday must be a past date written yyyy-MM-dd.");
        }
        rules.ThrowIfAny();
        var member = await GrainOf(grains, memberId).UpdateProfileAsync(new UpdateProfile(phone, name, birthday, email, Caller.Actor(context), reason, idNumber));
        return TypedResults.Ok(MemberResponse.From(member));
    }

    [Audited("member.tags")]
    public static async Task<Ok<MemberResponse>> SetMemberTags(string memberId, MemberTagsRequest request, HttpContext context, IGrainFactory grains)
    {
        var rules = new RequestRules();
        if (request.Tags is null) rules.Fail("tags", "tags is required (an empty list clears them).");
        else if (request.Tags.Count > MaxTags) rules.Fail("tags", $"At most {MaxTags} tags.");
        else if (request.Tags.Any(t => t is null || t.Trim().Length is 0 or > 32)) rules.Fail("tags", "Each tag is 1–32 characters.");
        rules.ThrowIfAny();
        var tags = request.Tags!.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var member = await GrainOf(grains, memberId).SetTagsAsync(new SetTags(tags, Caller.Actor(context)));
        return TypedResults.Ok(MemberResponse.From(member));
    }

    public static async Task<Ok<ListResponse<CardResponse>>> ListMemberCards(string memberId, IGrainFactory grains)
    {
        var cardNos = await GrainOf(grains, memberId).ListCardsAsync();
        var cards = new List<CardResponse>();
        foreach (var cardNo in cardNos) cards.Add(CardResponse.From(await CardEndpoints.FindAsync(grains, cardNo)));
        return TypedResults.Ok(new ListResponse<CardResponse>(cards, null));
    }

    public static async Task<Ok<ListResponse<TierChangeItem>>> ListTierChanges(string memberId, int? limit, IGrainFactory grains)
    {
        var changes = await GrainOf(grains, memberId).ListTierChangesAsync(Cursors.Limit(limit));
        return TypedResults.Ok(new ListResponse<TierChangeItem>([.. changes.Select(TierChangeItem.Of)], null));
    }

    [Audited("member.tier_review")]
    public static async Task<Ok<MemberResponse>> ReviewTier(string memberId, HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(MemberResponse.From(await GrainOf(grains, memberId).ReviewTierAsync(new ReviewTier(Caller.Actor(context)))));

    internal static IMemberGrain GrainOf(IGrainFactory grains, string memberId) =>
        Identifiers.IsMemberId(memberId)
            ? grains.GrainOf<IMemberGrain>(memberId)
            : throw new DomainException(ErrorCodes.MemberNotFound, $"Member {memberId} does not exist.");
}
