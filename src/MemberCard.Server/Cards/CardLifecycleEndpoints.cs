using MemberCard.Grains.Shared;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Server.Api;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Cards;

/// <summary>/api/v1/cards/{cardNo}: report lost → replace, close, manual points adjustment and points expiry.</summary>
public static class CardLifecycleEndpoints
{
    /// <summary>The largest points adjustment either way.</summary>
    internal const long MaxAdjustment = 100_000_000;

    public static void MapCardLifecycleEndpoints(this RouteGroupBuilder api)
    {
        var pos = api.MapGroup("/cards/{cardNo}").WithTags("Cards").RequireAuthorization(Caller.PosPolicy);
        pos.MapPost("/replace", ReplaceCard).WithName(nameof(ReplaceCard))
            .WithSummary("Report a card lost and move its balance, points lots and tier to a new card number (idempotent)")
            .WithDescription("The old card is closed with `replacedBy` set; the new card (`replacedFrom`) is answered. Asking again "
                + "for a card already replaced answers the same new card. The body (a `reason`) is optional.")
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.CardClosed, ErrorCodes.CardExists, ErrorCodes.ValidationFailed);
        var admin = api.MapGroup("/cards/{cardNo}").WithTags("Cards").RequireAuthorization(Caller.AdminPolicy);
        admin.MapPost("/close", CloseCard).WithName(nameof(CloseCard))
            .WithSummary("Close a card: principal refunded, bonus and points forfeited (admin, idempotent)")
            .WithDescription("Answers the closing ledger entry; closing a closed card answers the same entry. The body (a `reason`) is optional.")
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.CardClosed, ErrorCodes.ValidationFailed);
        admin.MapPost("/points-adjustments", AdjustPoints).WithName(nameof(AdjustPoints))
            .WithSummary("Add or remove points by hand with a reason (admin, audited)")
            .WithDescription("Positive `points` add a lot; negative ones take from the oldest lots (409 `insufficient_points` when too few). "
                + "Answers the ledger entry.")
            .TakesIdempotencyKey(required: false)
            .CanFail(ErrorCodes.CardNotFound, ErrorCodes.CardClosed, ErrorCodes.InsufficientPoints, ErrorCodes.ValidationFailed);
        admin.MapPost("/points-expiry", ExpirePoints).WithName(nameof(ExpirePoints))
            .WithSummary("Expire the card's due points lots now (admin; the expiry reminder does the same)")
            .WithDescription("Answers the expiry ledger entries written now (empty when no lot was due).")
            .CanFail(ErrorCodes.CardNotFound);
    }

    [Audited("card.replace")]
    public static async Task<Created<CardResponse>> ReplaceCard(string cardNo, CardLifecycleRequest? request, HttpContext context, IGrainFactory grains)
    {
        var reason = ReasonOf(request?.Reason, required: false);
        var replacement = await GrainOf(grains, cardNo).ReplaceAsync(new ReplaceCard(reason, Caller.Actor(context)));
        return TypedResults.Created($"/api/v1/cards/{replacement.CardNo}", CardResponse.From(replacement));
    }

    [Audited("card.close")]
    public static async Task<Ok<TransactionItem>> CloseCard(string cardNo, CardLifecycleRequest? request, HttpContext context, IGrainFactory grains)
    {
        var reason = ReasonOf(request?.Reason, required: false);
        var closing = await GrainOf(grains, cardNo).CloseAsync(new CloseCard(reason, Caller.Actor(context)));
        return TypedResults.Ok(TransactionItem.From(closing));
    }

    [Audited("card.points_adjustment")]
    public static async Task<Created<TransactionItem>> AdjustPoints(
        string cardNo, PointsAdjustmentRequest request, HttpContext context, IGrainFactory grains)
    {
        var rules = new RequestRules();
        var points = rules.Range("points", request.Points, -MaxAdjustment, MaxAdjustment);
        if (points == 0 && request.Points is not null) rules.Fail("points", "points must not be 0.");
        var reason = rules.Text("reason", request.Reason, CardEndpoints.MaxReason);
        rules.ThrowIfAny();
        var identity = Idempotency.Identify(context, "points-adjustment", cardNo, request, ApiJsonContext.Default.PointsAdjustmentRequest, required: false);
        var result = await GrainOf(grains, cardNo).AdjustPointsAsync(new AdjustPoints(points, reason, identity, Caller.Actor(context)));
        return TypedResults.Created($"/api/v1/cards/{cardNo}/transactions", TransactionItem.From(result));
    }

    [Audited("card.points_expiry")]
    public static async Task<Ok<ListResponse<TransactionItem>>> ExpirePoints(string cardNo, HttpContext context, IGrainFactory grains)
    {
        var expired = await GrainOf(grains, cardNo).ExpirePointsAsync(new ExpirePoints(Caller.Actor(context)));
        return TypedResults.Ok(new ListResponse<TransactionItem>([.. expired.Select(TransactionItem.From)], null));
    }

    private static ICardGrain GrainOf(IGrainFactory grains, string cardNo) =>
        Identifiers.IsCardNo(cardNo)
            ? grains.GrainOf<ICardGrain>(cardNo)
            : throw new DomainException(ErrorCodes.CardNotFound, $"Card {cardNo} does not exist.");

    private static string? ReasonOf(string? value, bool required)
    {
        var rules = new RequestRules();
        var reason = rules.Text("reason", value, CardEndpoints.MaxReason, required);
        rules.ThrowIfAny();
        return reason.Length == 0 ? null : reason;
    }
}
