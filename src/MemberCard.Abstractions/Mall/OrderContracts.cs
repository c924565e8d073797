using MemberCard.Abstractions.Access;

namespace MemberCard.Abstractions.Mall;

/// <summary>The fulfilment of one exchange (docs/mall.md), keyed by order id; the order itself is the exchange's committed claim.</summary>
[Alias("mc.IMallOrderGrain")]
public interface IMallOrderGrain : IGrainWithStringKey
{
    /// <summary>The order and its status, or null when no exchange committed it.</summary>
    [ReadOnly]
    Task<MallOrderView?> GetAsync();

    /// <summary>Moves the order (<see cref="MallOrderActions"/>); a move its status does not allow is <c>mall_order_state_conflict</c>.</summary>
    Task<MallOrderView> MoveAsync(MoveMallOrder command);
}

/// <summary>Order states.</summary>
public static class MallOrderStatuses
{
    public const string Ordered = "ordered";
    public const string ReadyForPickup = "ready_for_pickup";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";
}

/// <summary>Moves of an order.</summary>
public static class MallOrderActions
{
    public const string Ready = "ready";
    public const string Ship = "ship";
    public const string Deliver = "deliver";
    public const string Cancel = "cancel";
}

/// <summary>Move an order; <see cref="Note"/> is the tracking number of a shipment or the reason of a cancellation.</summary>
[GenerateSerializer, Immutable, Alias("mc.MoveMallOrder")]
public sealed record MoveMallOrder([property: Id(0)] string Action, [property: Id(1)] string? Note, [property: Id(2)] AuditActor? Actor = null);

/// <summary>One step of an order's history.</summary>
[GenerateSerializer, Immutable, Alias("mc.MallOrderStep")]
public sealed record MallOrderStep([property: Id(0)] string Status, [property: Id(1)] DateTimeOffset At, [property: Id(2)] string? By, [property: Id(3)] string? Note);

/// <summary>An order with its status and history (oldest first).</summary>
[GenerateSerializer, Immutable, Alias("mc.MallOrderView")]
public sealed record MallOrderView([property: Id(0)] MallOrder Order, [property: Id(1)] string Status, [property: Id(2)] IReadOnlyList<MallOrderStep> History);
