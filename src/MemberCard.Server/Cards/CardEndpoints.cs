using System.Security.Claims;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Runtime;
using MemberCard.Server.Api;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Cards;

/// <summary>/api/v1/cards: lookups, top-ups, purchases, refunds, freeze and the ledger.</summary>
public static class CardEndpoints
{
    private const long MaxTopUp = 100_000_000;
    private const long MaxOrderAmount = 10_000_000_000;

    public static void MapCardEndpoints(this RouteGroupBuilder api)
    {
        var cards = api.MapGroup("/cards/{cardNo}").WithTags("Cards").RequireAuthorization(Caller.PosPolicy);
        cards.MapGet("/", GetCard).WithName(nameof(GetCard)).WithSummary("Get a card").ProducesProblem(404);
        cards.MapPost("/top-ups", TopUp).WithName(nameof(TopUp)).WithSummary("Top up stored value (Idempotency-Key required)")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        cards.MapPost("/purchases", Purchase).WithName(nameof(Purchase)).WithSummary("Pay an order with balance and/or points")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        cards.MapPost("/refunds", Refund).WithName(nameof(Refund)).WithSummary("Refund an order (Idempotency-Key required)")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        cards.MapPost("/freeze", Freeze).WithName(nameof(Freeze)).WithSummary("Freeze a card").ProducesProblem(404);
        cards.MapPost("/unfreeze", Unfreeze).WithName(nameof(Unfreeze)).WithSummary("Unfreeze a card").ProducesProblem(404);
        cards.MapGet("/transactions", ListTransactions).WithName(nameof(ListTransactions)).WithSummary("A card's ledger, newest first")
            .ProducesProblem(400).ProducesProblem(404);
        api.MapCardLifecycleEndpoints();
    }

    public static async Task<Ok<CardResponse>> GetCard(string cardNo, IGrainFactory grains) =>
        TypedResults.Ok(CardResponse.From(await FindAsync(grains, cardNo)));

    [Audited("card.top_up")]
    public static async Task<Created<TopUpResponse>> TopUp(string cardNo, TopUpRequest request, HttpContext context, IGrainFactory grains)
    {
        var rules = new RequestRules();
        var amount = rules.Range("amount", request.Amount, 1, MaxTopUp);
        var storeId = rules.StoreId("storeId", request.StoreId);
        rules.ThrowIfAny();
        var identity = Idempotency.Identify(context, "top-up", cardNo, request, ApiJsonContext.Default.TopUpRequest, required: true);
        var card = await PrepareAsync(grains, context.User, cardNo, storeId);
        var result = await card.TopUpAsync(new TopUp(amount, storeId, identity, Caller.Actor(context)));
        return TypedResults.Created($"/api/v1/cards/{cardNo}/transactions", TopUpResponse.From(result));
    }

    [Audited("card.purchase")]
    public static async Task<Created<PurchaseResponse>> Purchase(string cardNo, PurchaseRequest request, HttpContext context, IGrainFactory grains)
    {
        var rules = new RequestRules();
        var orderNo = rules.Text("orderNo", request.OrderNo, 64);
        var storeId = rules.StoreId("storeId", request.StoreId);
        var amount = rules.Range("amount", request.Amount, 1, MaxOrderAmount);
        var balanceAmount = rules.Range("balanceAmount", request.BalanceAmount ?? 0, 0, MaxOrderAmount);
        var points = rules.Range("pointsToRedeem", request.PointsToRedeem ?? 0, 0, long.MaxValue);
        if (request.BalanceAmount > request.Amount) rules.Fail("balanceAmount", "balanceAmount may not exceed amount.");
        var couponCode = rules.Text("couponCode", request.CouponCode, 40, required: false);
        rules.ThrowIfAny();
        var identity = Idempotency.Identify(context, "purchase", cardNo, request, ApiJsonContext.Default.PurchaseRequest, required: false);
        var card = await PrepareAsync(grains, context.User, cardNo, storeId);
        var result = await card.PurchaseAsync(new Purchase(orderNo, storeId, amount, balanceAmount, points, identity, Caller.Actor(context))
        {
            CouponCode = couponCode.Length == 0 ? null : couponCode,
        });
        return TypedResults.Created($"/api/v1/cards/{cardNo}/transactions", PurchaseResponse.From(result));
    }

    [Audited("card.refund")]
    public static async Task<Created<RefundResponse>> Refund(string cardNo, RefundRequest request, HttpContext context, IGrainFactory grains)
    {
        var rules = new RequestRules();
        var orderNo = rules.Text("orderNo", request.OrderNo, 64);
        var storeId = rules.StoreId("storeId", request.StoreId);
        if (request.Amount is not null) rules.Range("amount", request.Amount, 1, MaxOrderAmount);
        rules.ThrowIfAny();
        var identity = Idempotency.Identify(context, "refund", cardNo, request, ApiJsonContext.Default.RefundRequest, required: true);
        var card = await PrepareAsync(grains, context.User, cardNo, storeId);
        var result = await card.RefundAsync(new Refund(orderNo, storeId, request.Amount, identity, Caller.Actor(context)));
        return TypedResults.Created($"/api/v1/cards/{cardNo}/transactions", RefundResponse.From(result));
    }

    [Audited("card.freeze")]
    public static async Task<Ok<CardResponse>> Freeze(string cardNo, CardStatusRequest? request, HttpContext context, IGrainFactory grains)
    {
        var reason = ReasonOf(request);
        var card = GrainOf(grains, cardNo);
        return TypedResults.Ok(CardResponse.From(await card.FreezeAsync(new ChangeCardStatus(reason, Caller.Actor(context)))));
    }

    [Audited("card.unfreeze")]
    public static async Task<Ok<CardResponse>> Unfreeze(string cardNo, CardStatusRequest? request, HttpContext context, IGrainFactory grains)
    {
        var reason = ReasonOf(request);
        var card = GrainOf(grains, cardNo);
        return TypedResults.Ok(CardResponse.From(await card.UnfreezeAsync(new ChangeCardStatus(reason, Caller.Actor(context)))));
    }

    public static async Task<Ok<ListResponse<TransactionItem>>> ListTransactions(string cardNo, int? limit, string? cursor, IGrainFactory grains)
    {
        var size = Cursors.Limit(limit);
        var before = Cursors.Decode(cursor);
        var card = GrainOf(grains, cardNo);
        var page = await card.ListTransactionsAsync(size, before);
        return TypedResults.Ok(new ListResponse<TransactionItem>([.. page.Items.Select(TransactionItem.From)], Cursors.Encode(page.Next)));
    }

    /// <summary>The card, or 404 <c>card_not_found</c>.</summary>
    public static async Task<CardView> FindAsync(IGrainFactory grains, string cardNo)
    {
        var card = Identifiers.IsCardNo(cardNo) ? await grains.GetGrain<ICardGrain>(cardNo).GetAsync() : null;
        return card ?? throw NotFound(cardNo);
    }

    // Only the shape is checked here, so garbage never activates a grain; the card grain itself answers
    // card_not_found, sparing every request a separate existence call.
    private static ICardGrain GrainOf(IGrainFactory grains, string cardNo) =>
        Identifiers.IsCardNo(cardNo) ? grains.GetGrain<ICardGrain>(cardNo) : throw NotFound(cardNo);

    // Who may act, then which store, then the card.
    private static async Task<ICardGrain> PrepareAsync(IGrainFactory grains, ClaimsPrincipal user, string cardNo, string storeId)
    {
        Caller.RequireStore(user, storeId);
        var card = GrainOf(grains, cardNo);
        await StoreEndpoints.FindAsync(grains, storeId);
        return card;
    }

    private static string? ReasonOf(CardStatusRequest? request)
    {
        var rules = new RequestRules();
        var reason = rules.Text("reason", request?.Reason, 200, required: false);
        rules.ThrowIfAny();
        return reason.Length == 0 ? null : reason;
    }

    private static DomainException NotFound(string cardNo) => new(ErrorCodes.CardNotFound, $"Card {cardNo} does not exist.");
}
