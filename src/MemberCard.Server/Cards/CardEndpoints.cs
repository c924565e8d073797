using System.Security.Claims;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Grains.Shared;
using MemberCard.Server.Api;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Cards;

/// <summary>/api/v1/cards: lookups, top-ups, purchases, refunds, freeze and the ledger.</summary>
public static class CardEndpoints
{
    /// <summary>The largest top-up.</summary>
    internal const long MaxTopUp = 100_000_000;

    /// <summary>The largest order amount.</summary>
    internal const long MaxOrderAmount = 10_000_000_000;

    /// <summary>The longest order number.</summary>
    internal const int MaxOrderNo = 64;

    /// <summary>The longest coupon code.</summary>
    internal const int MaxCouponCode = 40;

    /// <summary>The longest reason.</summary>
    internal const int MaxReason = 200;

    public static void MapCardEndpoints(this RouteGroupBuilder api)
    {
        var cards = api.MapGroup("/cards/{cardNo}").WithTags("Cards").RequireAuthorization(Caller.PosPolicy);
        cards.MapGet("/", GetCard).WithName(nameof(GetCard)).WithSummary("Get a card")
            .WithDescription("The card's status, balance (principal + bonus), points with their lots, tier and product. `cardNo` may be a "
                + "member code (18 digits from `GET /me/code`): a lookup does not consume it; a top-up or purchase with it does.")
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.MemberCodeInvalid, ErrorCodes.MemberCodeUsed);
        cards.MapPost("/top-ups", TopUp).WithName(nameof(TopUp)).WithSummary("Top up stored value (Idempotency-Key required)")
            .WithDescription("Adds `amount` (minor units) to the card's principal, and the bonus of the highest top-up step the amount "
                + "reaches (rules.md). The balance may not pass the product's cap. Answers the ledger entry.")
            .TakesIdempotencyKey(required: true)
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.StoreNotFound, ErrorCodes.CardFrozen, ErrorCodes.CardClosed,
                ErrorCodes.BalanceCapExceeded, ErrorCodes.MemberCodeInvalid, ErrorCodes.MemberCodeUsed, ErrorCodes.ValidationFailed);
        cards.MapPost("/purchases", Purchase).WithName(nameof(Purchase)).WithSummary("Pay an order with balance and/or points")
            .WithDescription("Pays `amount` of order `orderNo`: a coupon first (`couponCode`, redeemed exactly once), then "
                + "`pointsToRedeem`, then `balanceAmount` from stored value; the rest is paid outside. Points are earned on what is "
                + "paid in money. `orderNo` is unique per store: the same order and body again answers the first response, another "
                + "body is 409 `duplicate_order`.")
            .TakesIdempotencyKey(required: false)
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.StoreNotFound, ErrorCodes.CardFrozen, ErrorCodes.CardClosed,
                ErrorCodes.InsufficientBalance, ErrorCodes.InsufficientPoints, ErrorCodes.DuplicateOrder, ErrorCodes.CouponNotFound,
                ErrorCodes.CouponAlreadyRedeemed, ErrorCodes.CouponExpired, ErrorCodes.CouponNotApplicable, ErrorCodes.ProductNotFound,
                ErrorCodes.MemberCodeInvalid, ErrorCodes.MemberCodeUsed, ErrorCodes.ValidationFailed);
        cards.MapPost("/refunds", Refund).WithName(nameof(Refund)).WithSummary("Refund an order (Idempotency-Key required)")
            .WithDescription("Refunds `amount` of a purchase (all that is left when omitted): balance, redeemed points and earned "
                + "points come back in proportion; the refund that completes the order gives its coupon back. Allowed on frozen cards.")
            .TakesIdempotencyKey(required: true)
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.StoreNotFound, ErrorCodes.OrderNotFound, ErrorCodes.RefundExceedsPurchase,
                ErrorCodes.CardClosed, ErrorCodes.ValidationFailed);
        cards.MapPost("/freeze", Freeze).WithName(nameof(Freeze)).WithSummary("Freeze a card")
            .WithDescription("A frozen card refuses top-ups and purchases (409 `card_frozen`) until it is unfrozen; refunds still work. "
                + "The body (a `reason`) is optional.")
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.CardClosed, ErrorCodes.ValidationFailed);
        cards.MapPost("/unfreeze", Unfreeze).WithName(nameof(Unfreeze)).WithSummary("Unfreeze a card")
            .WithDescription("Makes a frozen card active again. The body (a `reason`) is optional.")
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.CardClosed, ErrorCodes.ValidationFailed);
        cards.MapGet("/transactions", ListTransactions).WithName(nameof(ListTransactions)).WithSummary("A card's ledger, newest first")
            .WithDescription("The append-only ledger: the card's balance is the sum of `balanceDelta`, its points the sum of "
                + "`pointsDelta`. Page with `limit` and `cursor`.")
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.ValidationFailed);
        cards.MapTopUpPreview();
        api.MapCardLifecycleEndpoints();
    }

    public static async Task<Ok<CardResponse>> GetCard(string cardNo, IGrainFactory grains, MemberCodeCards codes)
    {
        var (target, memberCode) = await codes.ResolveAsync(cardNo);
        return TypedResults.Ok(CardResponse.From(memberCode is null
            ? await FindAsync(grains, target)
            : await grains.GrainOf<ICardMemberCodeGrain>(target).LookupByMemberCodeAsync(memberCode)));
    }

    [Audited("card.top_up")]
    public static async Task<Created<TopUpResponse>> TopUp(
        string cardNo, TopUpRequest request, HttpContext context, IGrainFactory grains, CurrentStores stores, MemberCodeCards codes, CardWriteBatcher batcher)
    {
        var rules = new RequestRules();
        var amount = rules.Range("amount", request.Amount, 1, MaxTopUp);
        var storeId = rules.StoreId("storeId", request.StoreId);
        rules.ThrowIfAny();
        var identity = Idempotency.Identify(context, "top-up", cardNo, request, ApiJsonContext.Default.TopUpRequest, required: true);
        var (target, memberCode) = await codes.ResolveAsync(cardNo);
        var card = await PrepareAsync(grains, stores, context.User, target, storeId);
        var result = await batcher.TopUpAsync(card, new TopUp(amount, storeId, identity, Caller.Actor(context)) { MemberCode = memberCode });
        return TypedResults.Created($"/api/v1/cards/{target}/transactions", TopUpResponse.From(result));
    }

    [Audited("card.purchase")]
    public static async Task<Created<PurchaseResponse>> Purchase(
        string cardNo, PurchaseRequest request, HttpContext context, IGrainFactory grains, CurrentStores stores, MemberCodeCards codes, CardWriteBatcher batcher)
    {
        var rules = new RequestRules();
        var orderNo = rules.Text("orderNo", request.OrderNo, MaxOrderNo);
        var storeId = rules.StoreId("storeId", request.StoreId);
        var amount = rules.Range("amount", request.Amount, 1, MaxOrderAmount);
        var balanceAmount = rules.Range("balanceAmount", request.BalanceAmount ?? 0, 0, MaxOrderAmount);
        var points = rules.Range("pointsToRedeem", request.PointsToRedeem ?? 0, 0, long.MaxValue);
        if (request.BalanceAmount > request.Amount) rules.Fail("balanceAmount", "balanceAmount may not exceed amount.");
        var couponCode = rules.Text("couponCode", request.CouponCode, MaxCouponCode, required: false);
        rules.ThrowIfAny();
        var identity = Idempotency.Identify(context, "purchase", cardNo, request, ApiJsonContext.Default.PurchaseRequest, required: false);
        var (target, memberCode) = await codes.ResolveAsync(cardNo);
        var card = await PrepareAsync(grains, stores, context.User, target, storeId);
        var result = await batcher.PurchaseAsync(card, new Purchase(orderNo, storeId, amount, balanceAmount, points, identity, Caller.Actor(context))
        {
            CouponCode = couponCode.Length == 0 ? null : couponCode,
            MemberCode = memberCode,
        });
        return TypedResults.Created($"/api/v1/cards/{target}/transactions", PurchaseResponse.From(result));
    }

    [Audited("card.refund")]
    public static async Task<Created<RefundResponse>> Refund(string cardNo, RefundRequest request, HttpContext context, IGrainFactory grains, CurrentStores stores)
    {
        var rules = new RequestRules();
        var orderNo = rules.Text("orderNo", request.OrderNo, MaxOrderNo);
        var storeId = rules.StoreId("storeId", request.StoreId);
        if (request.Amount is not null) rules.Range("amount", request.Amount, 1, MaxOrderAmount);
        rules.ThrowIfAny();
        var identity = Idempotency.Identify(context, "refund", cardNo, request, ApiJsonContext.Default.RefundRequest, required: true);
        var card = await PrepareAsync(grains, stores, context.User, cardNo, storeId);
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
        var card = Identifiers.IsCardNo(cardNo) ? await grains.GrainOf<ICardGrain>(cardNo).GetAsync() : null;
        return card ?? throw NotFound(cardNo);
    }

    // Only the shape is checked here, so garbage never activates a grain; the card grain itself answers
    // card_not_found, sparing every request a separate existence call.
    private static ICardGrain GrainOf(IGrainFactory grains, string cardNo) =>
        Identifiers.IsCardNo(cardNo) ? grains.GrainOf<ICardGrain>(cardNo) : throw NotFound(cardNo);

    // Who may act, then which store, then the card.
    private static async Task<ICardGrain> PrepareAsync(IGrainFactory grains, CurrentStores stores, ClaimsPrincipal user, string cardNo, string storeId)
    {
        Caller.RequireStore(user, storeId);
        var card = GrainOf(grains, cardNo);
        await StoreEndpoints.FindAsync(stores, storeId);
        return card;
    }

    private static string? ReasonOf(CardStatusRequest? request)
    {
        var rules = new RequestRules();
        var reason = rules.Text("reason", request?.Reason, MaxReason, required: false);
        rules.ThrowIfAny();
        return reason.Length == 0 ? null : reason;
    }

    private static DomainException NotFound(string cardNo) => new(ErrorCodes.CardNotFound, $"Card {cardNo} does not exist.");
}
