using MemberCard.Abstractions;
using MemberCard.Abstractions.Activities;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Members;
using MemberCard.Grains.Shared;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Cards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Activities;

/// <summary>What till staff do with an activity at their store: sign a member up, cancel for them, check them in.</summary>
public static class ActivityTillEndpoints
{
    public static void MapActivityTillEndpoints(this RouteGroupBuilder activities)
    {
        activities.MapPost("/{activityId}/sign-ups", SignUpMember).RequireAuthorization(Caller.PosPolicy).WithName(nameof(SignUpMember))
            .WithSummary("Sign a member up at a till (or put them on the waiting list)")
            .WithDescription("`status` is `signed_up` while places are free, else `waitlisted` with its `position`; a member already signed up "
                + "gets their registration again. Store-bound staff name their own store.")
            .CanFail(ErrorCodes.ActivityNotFound, ErrorCodes.MemberNotFound, ErrorCodes.ActivityFull, ErrorCodes.ActivityNotEligible,
                ErrorCodes.SignUpClosed, ErrorCodes.ActivityCancelled, ErrorCodes.ActivityNotAtStore, ErrorCodes.ValidationFailed);
        activities.MapPost("/{activityId}/sign-ups/{memberId}/cancel", CancelMemberSignUp).RequireAuthorization(Caller.PosPolicy)
            .WithName(nameof(CancelMemberSignUp)).WithSummary("Cancel a member's sign-up at a till; the first waitlisted member takes the place")
            .CanFail(ErrorCodes.ActivityNotFound, ErrorCodes.NotSignedUp, ErrorCodes.AlreadyCheckedIn, ErrorCodes.SignUpClosed,
                ErrorCodes.ActivityNotAtStore, ErrorCodes.ValidationFailed);
        activities.MapPost("/{activityId}/check-ins", CheckInMember).RequireAuthorization(Caller.PosPolicy).WithName(nameof(CheckInMember))
            .WithSummary("Check a signed-up member in at the store; earns the activity's points once")
            .WithDescription("Send exactly one of `cardNo` (a card number or a member code), `phone` or `memberCode`. The points go to the card "
                + "shown, or by phone to the member's first open card. `pointsAwarded` false: the points follow within seconds, still once.")
            .CanFail(ErrorCodes.ActivityNotFound, ErrorCodes.NotSignedUp, ErrorCodes.AlreadyCheckedIn, ErrorCodes.CheckInClosed,
                ErrorCodes.ActivityNotAtStore, ErrorCodes.ActivityCancelled, ErrorCodes.CardNotFound, ErrorCodes.CardClosed, ErrorCodes.MemberNotFound,
                ErrorCodes.MemberCodeInvalid, ErrorCodes.MemberCodeUsed, ErrorCodes.ValidationFailed);
    }

    [Audited("activity.sign_up")]
    public static async Task<Ok<RegistrationResponse>> SignUpMember(string activityId, StaffSignUpRequest request, HttpContext context, IGrainFactory grains)
    {
        var storeId = StoreOf(context, request.StoreId);
        var rules = new RequestRules();
        var memberId = rules.Text("memberId", request.MemberId, 32);
        rules.ThrowIfAny();
        var activity = await AtStoreAsync(grains, activityId, storeId);
        if (!Identifiers.IsMemberId(memberId)) throw new DomainException(ErrorCodes.MemberNotFound, $"Member {memberId} does not exist.");
        return TypedResults.Ok(RegistrationResponse.From(await activity.SignUpAsync(new SignUpForActivity(memberId, Caller.Actor(context)))));
    }

    [Audited("activity.cancel_sign_up")]
    public static async Task<Ok<RegistrationResponse>> CancelMemberSignUp(
        string activityId, string memberId, StaffCancelSignUpRequest request, HttpContext context, IGrainFactory grains)
    {
        var activity = await AtStoreAsync(grains, activityId, StoreOf(context, request.StoreId));
        return TypedResults.Ok(RegistrationResponse.From(await activity.CancelSignUpAsync(new CancelActivitySignUp(memberId, Caller.Actor(context)))));
    }

    // A till signs up and cancels only for activities at its store, as the grain checks for a check-in.
    private static async Task<IActivityGrain> AtStoreAsync(IGrainFactory grains, string activityId, string storeId)
    {
        var view = await ActivityEndpoints.FindAsync(grains, activityId);
        if (!view.Definition.StoreIds.Contains(storeId))
            throw new DomainException(ErrorCodes.ActivityNotAtStore, $"The activity does not take place at store {storeId}.");
        return ActivityEndpoints.GrainOf(grains, activityId);
    }

    [Audited("activity.check_in")]
    public static async Task<Ok<CheckInResponse>> CheckInMember(
        string activityId, CheckInRequest request, HttpContext context, IGrainFactory grains, MemberCodeCards codes, PhoneIndex phones)
    {
        var storeId = StoreOf(context, request.StoreId);
        var given = new[] { request.CardNo, request.Phone, request.MemberCode }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1) throw DomainException.Invalid("cardNo", "Send exactly one of cardNo, phone and memberCode.");
        var activity = ActivityEndpoints.GrainOf(grains, activityId);
        var card = request.Phone is { } phone ? await FirstOpenCardAsync(grains, phones, phone) : await CardShownAsync(grains, codes, request.CardNo ?? request.MemberCode!);
        var checkIn = await activity.CheckInAsync(new CheckInToActivity(card.MemberId, card.CardNo, storeId, Caller.Actor(context)));
        return TypedResults.Ok(CheckInResponse.From(checkIn));
    }

    // The store where the till acts: required, and a store-bound credential's own (403 otherwise, before anything else).
    private static string StoreOf(HttpContext context, string? storeId)
    {
        var rules = new RequestRules();
        var id = rules.StoreId("storeId", storeId);
        rules.ThrowIfAny();
        Caller.RequireStore(context.User, id);
        return id;
    }

    // A card number or a member code; a code is only looked at (it pays nothing, so it is not used up).
    private static async Task<CardView> CardShownAsync(IGrainFactory grains, MemberCodeCards codes, string value)
    {
        var text = value.Trim();
        if (text.Length == 0 || text.Length > 32 || !text.All(char.IsAsciiDigit)) throw new DomainException(ErrorCodes.CardNotFound, "No such card.");
        var (cardNo, code) = await codes.ResolveAsync(text);
        var card = code is not null
            ? await grains.GrainOf<ICardMemberCodeGrain>(cardNo).LookupByMemberCodeAsync(code)
            : await grains.GrainOf<ICardGrain>(cardNo).GetAsync() ?? throw new DomainException(ErrorCodes.CardNotFound, $"Card {cardNo} does not exist.");
        if (card.Status == CardStatuses.Closed) throw new DomainException(ErrorCodes.CardClosed, $"Card {card.CardNo} is closed.");
        return card;
    }

    private static async Task<CardView> FirstOpenCardAsync(IGrainFactory grains, PhoneIndex phones, string phone)
    {
        var normalized = Identifiers.NormalizePhone(phone) ?? throw DomainException.Invalid("phone", "phone must be 6–20 digits, optionally starting with '+'.");
        var memberId = await phones.FindMemberIdAsync(normalized) ?? throw new DomainException(ErrorCodes.MemberNotFound, "No member has this phone.");
        foreach (var cardNo in await grains.GrainOf<IMemberGrain>(memberId).ListCardsAsync())
            if (await grains.GrainOf<ICardGrain>(cardNo).GetAsync() is { Status: not CardStatuses.Closed } card) return card;
        throw new DomainException(ErrorCodes.CardNotFound, "The member has no open card to credit the points to.");
    }
}
