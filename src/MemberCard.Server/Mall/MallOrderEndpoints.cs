using MemberCard.Abstractions;
using MemberCard.Abstractions.Mall;
using MemberCard.Grains.Mall;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Cards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Mall;

/// <summary>/api/v1/mall/orders: a store's gift queue and the fulfilment moves (POS roles for their store; admin everywhere).</summary>
public static class MallOrderEndpoints
{
    private static readonly string[] MoveRefusals = [ErrorCodes.MallOrderNotFound, ErrorCodes.MallOrderStateConflict, ErrorCodes.ValidationFailed];

    public static void MapMallOrderEndpoints(this RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/mall/orders").WithTags(MallRewardEndpoints.Tag).RequireAuthorization(Caller.PosPolicy);
        orders.MapGet("/", ListStoreOrders).WithName(nameof(ListStoreOrders)).WithSummary("A store's gift orders, newest first")
            .WithDescription("The fulfilment queue of `storeId`: gifts exchanged there, with their status (`status` keeps one). At most `limit` (default 50).")
            .CanFail(ErrorCodes.ValidationFailed);
        orders.MapGet("/{orderId}", GetMallOrder).WithName(nameof(GetMallOrder)).WithSummary("Get a points-mall order")
            .WithDescription("The order, its status and its history.")
            .CanFail(ErrorCodes.MallOrderNotFound);
        orders.MapPost("/{orderId}/ready", MarkMallOrderReady).WithName(nameof(MarkMallOrderReady)).WithSummary("The gift is ready for pickup (ordered → ready_for_pickup)")
            .WithDescription("For a gift picked up at the store.").CanFail(MoveRefusals);
        orders.MapPost("/{orderId}/ship", ShipMallOrder).WithName(nameof(ShipMallOrder)).WithSummary("The gift was shipped (ordered → shipped)")
            .WithDescription("For a gift with a shipping address; `note` carries the tracking number.").CanFail(MoveRefusals);
        orders.MapPost("/{orderId}/deliver", DeliverMallOrder).WithName(nameof(DeliverMallOrder)).WithSummary("The member has the gift (→ delivered)")
            .WithDescription("From ready_for_pickup or shipped. Final.").CanFail(MoveRefusals);
        orders.MapPost("/{orderId}/cancel", CancelMallOrder).WithName(nameof(CancelMallOrder)).WithSummary("Cancel a gift order: points, stock and limit back, once")
            .WithDescription("From ordered, ready_for_pickup or shipped; `note` is the reason. A repeat answers the cancelled order and gives nothing back twice.")
            .CanFail([.. MoveRefusals, ErrorCodes.CardClosed]);
    }

    public static async Task<Ok<ListResponse<MallOrderResponse>>> ListStoreOrders(
        string? storeId, [System.ComponentModel.DataAnnotations.AllowedValues(MallOrderStatuses.Ordered, MallOrderStatuses.ReadyForPickup,
            MallOrderStatuses.Shipped, MallOrderStatuses.Delivered, MallOrderStatuses.Cancelled)] string? status,
        int? limit, HttpContext context, MallCatalogue catalogue)
    {
        var rules = new RequestRules();
        var store = rules.StoreId("storeId", storeId);
        if (status is not null and not (MallOrderStatuses.Ordered or MallOrderStatuses.ReadyForPickup or MallOrderStatuses.Shipped
            or MallOrderStatuses.Delivered or MallOrderStatuses.Cancelled)) rules.Fail("status", "Unknown status.");
        rules.ThrowIfAny();
        var size = Cursors.Limit(limit);
        Caller.RequireStore(context.User, store);
        var orders = await catalogue.ListStoreOrdersAsync(store, status, size);
        return TypedResults.Ok(new ListResponse<MallOrderResponse>([.. orders.Select(MallOrderResponse.From)], null));
    }

    public static async Task<Ok<MallOrderResponse>> GetMallOrder(string orderId, HttpContext context, IGrainFactory grains)
    {
        var order = await FindAsync(grains, orderId);
        Caller.RequireStore(context.User, order.Order.StoreId);
        return TypedResults.Ok(MallOrderResponse.From(order));
    }

    [Audited("mall.order_ready")]
    public static Task<Ok<MallOrderResponse>> MarkMallOrderReady(string orderId, MoveOrderRequest? request, HttpContext context, IGrainFactory grains) =>
        MoveAsync(orderId, MallOrderActions.Ready, request, context, grains);

    [Audited("mall.order_ship")]
    public static Task<Ok<MallOrderResponse>> ShipMallOrder(string orderId, MoveOrderRequest? request, HttpContext context, IGrainFactory grains) =>
        MoveAsync(orderId, MallOrderActions.Ship, request, context, grains);

    [Audited("mall.order_deliver")]
    public static Task<Ok<MallOrderResponse>> DeliverMallOrder(string orderId, MoveOrderRequest? request, HttpContext context, IGrainFactory grains) =>
        MoveAsync(orderId, MallOrderActions.Deliver, request, context, grains);

    [Audited("mall.order_cancel")]
    public static Task<Ok<MallOrderResponse>> CancelMallOrder(string orderId, MoveOrderRequest? request, HttpContext context, IGrainFactory grains) =>
        MoveAsync(orderId, MallOrderActions.Cancel, request, context, grains);

    private static async Task<Ok<MallOrderResponse>> MoveAsync(string orderId, string action, MoveOrderRequest? request, HttpContext context, IGrainFactory grains)
    {
        var rules = new RequestRules();
        var note = rules.Text("note", request?.Note, 200, required: false);
        rules.ThrowIfAny();
        var order = await FindAsync(grains, orderId);
        Caller.RequireStore(context.User, order.Order.StoreId);
        var moved = await grains.GetGrain<IMallOrderGrain>(orderId).MoveAsync(new MoveMallOrder(action, note.Length == 0 ? null : note, Caller.Actor(context)));
        return TypedResults.Ok(MallOrderResponse.From(moved));
    }

    private static async Task<MallOrderView> FindAsync(IGrainFactory grains, string orderId) =>
        (Identifiers.IsMemberId(orderId) ? await grains.GetGrain<IMallOrderGrain>(orderId).GetAsync() : null)
            ?? throw new DomainException(ErrorCodes.MallOrderNotFound, $"Mall order {orderId} does not exist.");
}
