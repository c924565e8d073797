using System.ComponentModel.DataAnnotations;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Abstractions.Rules;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Grains.Shared;
using MemberCard.Grains.Tiers;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Campaigns;
using MemberCard.Server.Cards;
using MemberCard.Server.Members;
using MemberCard.Server.Notifications;
using MemberCard.Runtime.Streams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Me;

/// <summary>
/// /api/v1/me: the signed-in member's own data (member token only). The member id always comes from the token, never
/// from the request; a card the member does not own is 404 like a card that does not exist.
/// </summary>
public static class MeEndpoints
{
    /// <summary>Most days <c>/me/points/expiring</c> looks ahead.</summary>
    internal const int MaxExpiryDays = 366;

    public static void MapMeEndpoints(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Member self-service").RequireAuthorization(Caller.MemberPolicy);
        me.MapGet("/", GetMyProfile).WithName(nameof(GetMyProfile)).WithSummary("My profile (masked) and my card numbers")
            .CanFail(ErrorCodes.MemberNotFound);
        me.MapGet("/cards", ListMyCards).WithName(nameof(ListMyCards)).WithSummary("My cards: balance (principal and bonus), points and their lots")
            .CanFail(ErrorCodes.MemberNotFound);
        me.MapGet("/cards/{cardNo}/transactions", ListMyTransactions).WithName(nameof(ListMyTransactions))
            .WithSummary("The ledger of one of my cards, newest first").WithDescription("Page with `limit` and `cursor`.")
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.ValidationFailed);
        me.MapGet("/points/expiring", ListMyExpiringPoints).WithName(nameof(ListMyExpiringPoints))
            .WithSummary("My points that expire within `days` (default 30)").CanFail(ErrorCodes.MemberNotFound, ErrorCodes.ValidationFailed);
        me.MapGet("/coupons", ListMyCoupons).WithName(nameof(ListMyCoupons))
            .WithSummary("My coupons (?status=active|used|expired), newest first").WithDescription("`active` are the ones usable now. Page with `limit` and `cursor`.")
            .CanFail(ErrorCodes.MemberNotFound, ErrorCodes.ValidationFailed);
        me.MapGet("/tier", GetMyTier).WithName(nameof(GetMyTier)).WithSummary("My tier and what it takes to reach the next")
            .CanFail(ErrorCodes.MemberNotFound);
        me.MapGet("/notifications", ListMyNotifications).WithName(nameof(ListMyNotifications)).WithSummary("My latest 100 notifications")
            .CanFail(ErrorCodes.ValidationFailed);
        me.MapGet("/code", GetMyMemberCode).WithName(nameof(GetMyMemberCode))
            .WithSummary("A member code for the till: names one of my cards, changes every minute, a till accepts it at most 2 minutes")
            .WithDescription("`cardNo` picks the card (default: my first active card). A till sends the code where it sends a card number "
                + "(lookup, top-up, purchase); a payment consumes it (docs/security.md, \"Member self-service\").")
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.MemberCodeInvalid, ErrorCodes.MemberNotFound);
    }

    public static async Task<Ok<MyProfileResponse>> GetMyProfile(HttpContext context, IGrainFactory grains)
    {
        var member = MemberOf(context, grains);
        var view = await member.GetAsync() ?? throw Gone();
        return TypedResults.Ok(MyProfileResponse.From(view, await member.ListCardsAsync()));
    }

    public static Task<Ok<ListResponse<CardResponse>>> ListMyCards(HttpContext context, IGrainFactory grains) =>
        MemberProfileEndpoints.ListMemberCards(Caller.MemberId(context.User), grains);

    public static async Task<Ok<ListResponse<TransactionItem>>> ListMyTransactions(string cardNo, int? limit, string? cursor, HttpContext context, IGrainFactory grains)
    {
        await RequireOwnCardAsync(context, grains, cardNo);
        return await CardEndpoints.ListTransactions(cardNo, limit, cursor, grains);
    }

    public static async Task<Ok<ExpiringPointsResponse>> ListMyExpiringPoints(int? days, HttpContext context, IGrainFactory grains, TimeProvider clock)
    {
        var window = days ?? 30;
        if (window is < 1 or > MaxExpiryDays) throw DomainException.Invalid("days", $"days is 1–{MaxExpiryDays}.");
        var until = clock.GetUtcNow().AddDays(window);
        var items = new List<ExpiringPointsItem>();
        foreach (var card in await CardsAsync(context, grains))
        {
            items.AddRange((card.Lots ?? []).Where(l => l.Remaining > 0 && l.ExpiresAt is { } at && at <= until)
                .Select(l => new ExpiringPointsItem(card.CardNo, l.Remaining, l.ExpiresAt!.Value.UtcDateTime)));
        }
        items.Sort((a, b) => a.ExpiresAt.CompareTo(b.ExpiresAt));
        return TypedResults.Ok(new ExpiringPointsResponse(window, items.Sum(i => i.Points), items));
    }

    public static Task<Ok<CouponListResponse>> ListMyCoupons(
        [AllowedValues(CouponStatuses.Active, CouponStatuses.Used, CouponStatuses.Expired)] string? status, int? limit, string? cursor,
        HttpContext context, IGrainFactory grains, CouponBook coupons) =>
        CouponEndpoints.ListMemberCoupons(Caller.MemberId(context.User), status, limit, cursor, grains, coupons);

    public static async Task<Ok<MyTierResponse>> GetMyTier(HttpContext context, IGrainFactory grains, CurrentRules currentRules)
    {
        var view = await MemberOf(context, grains).GetAsync() ?? throw Gone();
        var rules = await currentRules.GetAsync();
        var measure = rules.TierMeasure == TierMeasures.Points ? view.RollingPoints : view.RollingSpend;
        var next = TierLadder.Next(rules, view.Tier, measure);
        return TypedResults.Ok(new MyTierResponse(view.Tier, rules.TierMeasure, measure, next?.Name, next?.Threshold,
            next is null ? null : Math.Max(0, next.Threshold - measure), view.TierReviewAt?.UtcDateTime));
    }

    public static Task<Ok<NotificationsResponse>> ListMyNotifications(HttpContext context, IProjectionDatabase database, CancellationToken cancellationToken) =>
        NotificationEndpoints.ListNotifications(Caller.MemberId(context.User), database, cancellationToken);

    public static async Task<Ok<MemberCodeResponse>> GetMyMemberCode(string? cardNo, HttpContext context, IGrainFactory grains)
    {
        var memberId = Caller.MemberId(context.User);
        string chosen;
        if (cardNo is not null) chosen = (await RequireOwnCardAsync(context, grains, cardNo)).CardNo;
        else
        {
            var active = (await CardsAsync(context, grains)).FirstOrDefault(c => c.Status == CardStatuses.Active)
                ?? throw new DomainException(ErrorCodes.CardNotFound, "You have no active card.");
            chosen = active.CardNo;
        }
        var code = await grains.GrainOf<ICardMemberCodeGrain>(chosen).IssueMemberCodeAsync(memberId);
        return TypedResults.Ok(new MemberCodeResponse(code.Code, code.CardNo, code.ValidUntil.UtcDateTime, code.NextCodeAt.UtcDateTime));
    }

    private static IMemberGrain MemberOf(HttpContext context, IGrainFactory grains) => grains.GrainOf<IMemberGrain>(Caller.MemberId(context.User));

    private static async Task<List<CardView>> CardsAsync(HttpContext context, IGrainFactory grains)
    {
        var cards = new List<CardView>();
        foreach (var cardNo in await MemberOf(context, grains).ListCardsAsync())
            if (await grains.GrainOf<ICardGrain>(cardNo).GetAsync() is { } card) cards.Add(card);
        return cards;
    }

    // Another member's card answers as a card that does not exist: the member learns nothing about it.
    private static async Task<CardView> RequireOwnCardAsync(HttpContext context, IGrainFactory grains, string cardNo)
    {
        var card = Identifiers.IsCardNo(cardNo) ? await grains.GrainOf<ICardGrain>(cardNo).GetAsync() : null;
        return card is not null && card.MemberId == Caller.MemberId(context.User)
            ? card
            : throw new DomainException(ErrorCodes.CardNotFound, $"Card {cardNo} does not exist.");
    }

    private static DomainException Gone() => new(ErrorCodes.MemberNotFound, "The member does not exist any more.");
}
