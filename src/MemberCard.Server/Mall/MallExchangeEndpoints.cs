using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Mall;
using MemberCard.Grains.Mall;
using MemberCard.Grains.Shared;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Cards;
using MemberCard.Server.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Mall;

/// <summary>
/// Exchanges: at the till (<c>/api/v1/cards/{cardNo}/mall</c>, POS roles for their store) and by the member
/// (<c>/api/v1/me/mall</c>, member token, own cards only): what can be exchanged now, exchange, my orders.
/// </summary>
public static class MallExchangeEndpoints
{
    private static readonly string[] ExchangeRefusals =
    [
        ErrorCodes.CardNotFound, ErrorCodes.StoreNotFound, ErrorCodes.RewardNotFound, ErrorCodes.RewardPaused, ErrorCodes.RewardRetired,
        ErrorCodes.RewardNotAvailable, ErrorCodes.OutOfStock, ErrorCodes.LimitReached, ErrorCodes.InsufficientPoints,
        ErrorCodes.BalanceCapExceeded, ErrorCodes.CardFrozen, ErrorCodes.CardClosed, ErrorCodes.ValidationFailed,
    ];

    public static void MapMallExchangeEndpoints(this RouteGroupBuilder api)
    {
        var cards = api.MapGroup("/cards/{cardNo}/mall").WithTags(MallRewardEndpoints.Tag).RequireAuthorization(Caller.PosPolicy);
        cards.MapGet("/rewards", ListCardRewards).WithName(nameof(ListCardRewards)).WithSummary("What the card's member can exchange now at a store")
            .WithDescription("Active rewards inside their window, offered at `storeId` and to the card's tier, with stock left and the member's "
                + "limit not reached; `memberLeft` is how many more times the member may exchange it, `affordable` whether the card has the points.")
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.StoreNotFound, ErrorCodes.ValidationFailed);
        cards.MapPost("/exchanges", ExchangeAtTill).WithName(nameof(ExchangeAtTill)).WithSummary("Exchange points for a reward (Idempotency-Key required)")
            .WithDescription("Takes the reward's points (oldest lots first) and delivers it in one step: a coupon to the member, bonus to the "
                + "card, or a gift order for pickup at `storeId` (or shipped to `shippingAddress`). The same key again answers the first response.")
            .TakesIdempotencyKey(required: true)
            .CanFail(ExchangeRefusals);

        var me = api.MapGroup("/me/mall").WithTags("Member self-service").RequireAuthorization(Caller.MemberPolicy);
        me.MapGet("/rewards", ListMyRewards).WithName(nameof(ListMyRewards)).WithSummary("What I can exchange now with one of my cards at a store")
            .WithDescription("As the till's list, for my card `cardNo` at `storeId`.")
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.StoreNotFound, ErrorCodes.ValidationFailed);
        me.MapPost("/cards/{cardNo}/exchanges", ExchangeMine).WithName(nameof(ExchangeMine)).WithSummary("Exchange my points for a reward (Idempotency-Key required)")
            .WithDescription("As at the till, with one of my cards; a gift is picked up at `storeId` unless shipped to `shippingAddress`.")
            .TakesIdempotencyKey(required: true)
            .CanFail(ExchangeRefusals);
        me.MapGet("/orders", ListMyOrders).WithName(nameof(ListMyOrders)).WithSummary("My points-mall orders, newest first, with their status")
            .WithDescription("At most `limit` (default 50).")
            .CanFail(ErrorCodes.ValidationFailed);
    }

    public static async Task<Ok<ListResponse<AvailableRewardResponse>>> ListCardRewards(
        string cardNo, string? storeId, HttpContext context, IGrainFactory grains, CurrentStores stores, MallCatalogue catalogue)
    {
        var store = RequireStoreId(storeId);
        Caller.RequireStore(context.User, store);
        var card = await CardEndpoints.FindAsync(grains, cardNo);
        await StoreEndpoints.FindAsync(stores, store);
        return await AvailableAsync(card, store, catalogue);
    }

    [Audited("mall.exchange")]
    public static async Task<Created<ExchangeResponse>> ExchangeAtTill(
        string cardNo, ExchangeRequest request, HttpContext context, IGrainFactory grains, CurrentStores stores)
    {
        // Another store is refused before anything else is said about the request.
        if (request.StoreId is { } named && Identifiers.IsStoreId(named)) Caller.RequireStore(context.User, named);
        var (rewardId, storeId, address) = Check(request);
        var identity = Idempotency.Identify(context, "mall-exchange", cardNo, request, MallApiJsonContext.Default.ExchangeRequest, required: true);
        if (!Identifiers.IsCardNo(cardNo)) throw new DomainException(ErrorCodes.CardNotFound, $"Card {cardNo} does not exist.");
        await StoreEndpoints.FindAsync(stores, storeId);
        var result = await grains.GrainOf<ICardMallGrain>(cardNo)
            .ExchangeAsync(new ExchangeReward(rewardId, storeId, identity, Caller.Actor(context)) { ShippingAddress = address });
        return TypedResults.Created($"/api/v1/mall/orders/{result.Order.OrderId}", ExchangeResponse.From(result));
    }

    public static async Task<Ok<ListResponse<AvailableRewardResponse>>> ListMyRewards(
        string? cardNo, string? storeId, HttpContext context, IGrainFactory grains, CurrentStores stores, MallCatalogue catalogue)
    {
        var store = RequireStoreId(storeId);
        var card = await OwnCardAsync(context, grains, cardNo ?? "");
        await StoreEndpoints.FindAsync(stores, store);
        return await AvailableAsync(card, store, catalogue);
    }

    [Audited("me.mall_exchange")]
    public static async Task<Created<ExchangeResponse>> ExchangeMine(
        string cardNo, ExchangeRequest request, HttpContext context, IGrainFactory grains, CurrentStores stores)
    {
        var (rewardId, storeId, address) = Check(request);
        var identity = Idempotency.Identify(context, "mall-exchange", cardNo, request, MallApiJsonContext.Default.ExchangeRequest, required: true);
        await OwnCardAsync(context, grains, cardNo);
        await StoreEndpoints.FindAsync(stores, storeId);
        var result = await grains.GrainOf<ICardMallGrain>(cardNo)
            .ExchangeAsync(new ExchangeReward(rewardId, storeId, identity, Caller.Actor(context)) { ShippingAddress = address });
        return TypedResults.Created($"/api/v1/me/mall/orders", ExchangeResponse.From(result));
    }

    public static async Task<Ok<ListResponse<MallOrderResponse>>> ListMyOrders(int? limit, HttpContext context, MallCatalogue catalogue)
    {
        var size = Cursors.Limit(limit);
        var orders = await catalogue.ListMemberOrdersAsync(Caller.MemberId(context.User), size);
        return TypedResults.Ok(new ListResponse<MallOrderResponse>([.. orders.Select(MallOrderResponse.From)], null));
    }

    private static async Task<Ok<ListResponse<AvailableRewardResponse>>> AvailableAsync(CardView card, string storeId, MallCatalogue catalogue)
    {
        var available = await catalogue.ListAvailableAsync(card, storeId);
        return TypedResults.Ok(new ListResponse<AvailableRewardResponse>(
            [.. available.Select(a => new AvailableRewardResponse(RewardResponse.From(a.Reward), a.MemberLeft, card.Points >= a.Reward.Definition.PointsPrice))], null));
    }

    private static (string RewardId, string StoreId, string? Address) Check(ExchangeRequest request)
    {
        var rules = new RequestRules();
        var rewardId = rules.Text("rewardId", request.RewardId, 32);
        var storeId = rules.StoreId("storeId", request.StoreId);
        var address = rules.Text("shippingAddress", request.ShippingAddress, 300, required: false);
        rules.ThrowIfAny();
        if (!MallRewardEndpoints.IsRewardId(rewardId)) throw new DomainException(ErrorCodes.RewardNotFound, $"Reward {rewardId} does not exist.");
        return (rewardId, storeId, address.Length == 0 ? null : address);
    }

    private static string RequireStoreId(string? storeId)
    {
        var rules = new RequestRules();
        var store = rules.StoreId("storeId", storeId);
        rules.ThrowIfAny();
        return store;
    }

    // Another member's card answers as a card that does not exist: the member learns nothing about it.
    private static async Task<CardView> OwnCardAsync(HttpContext context, IGrainFactory grains, string cardNo)
    {
        var card = Identifiers.IsCardNo(cardNo) ? await grains.GrainOf<ICardGrain>(cardNo).GetAsync() : null;
        return card is not null && card.MemberId == Caller.MemberId(context.User)
            ? card
            : throw new DomainException(ErrorCodes.CardNotFound, $"Card {cardNo} does not exist.");
    }
}
