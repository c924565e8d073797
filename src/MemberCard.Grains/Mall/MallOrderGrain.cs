using MemberCard.Abstractions;
using MemberCard.Abstractions.Mall;
using MemberCard.Grains.Audit;
using MemberCard.Storage.State;

namespace MemberCard.Grains.Mall;

/// <summary>
/// The fulfilment of one exchange. The order itself is the claim the exchange committed; this grain holds only its
/// status. It calls the card (to give points back) and the reward (stock back); neither calls it.
/// </summary>
[GrainType("mall-order")]
public sealed class MallOrderGrain([AtomicState] IAtomicState<MallOrderState> state) : StateGrain<MallOrderState>(state), IMallOrderGrain
{
    private MallOrder? _order;

    protected override MallOrderState CreateInitialState() => new("", [], false);

    public async Task<MallOrderView?> GetAsync() => await OrderAsync() is { } order ? ToView(order) : null;

    public async Task<MallOrderView> MoveAsync(MoveMallOrder command)
    {
        var order = await OrderAsync() ?? throw new DomainException(ErrorCodes.MallOrderNotFound, $"Mall order {Key} does not exist.");
        var status = await SettleAsync(order);
        if (status == MallOrderStatuses.Cancelled && command.Action == MallOrderActions.Cancel) return ToView(order);
        var next = (status, command.Action) switch
        {
            (MallOrderStatuses.Ordered, MallOrderActions.Ready) when order.ShippingAddress is null => MallOrderStatuses.ReadyForPickup,
            (MallOrderStatuses.Ordered, MallOrderActions.Ship) when order.ShippingAddress is not null => MallOrderStatuses.Shipped,
            (MallOrderStatuses.ReadyForPickup or MallOrderStatuses.Shipped, MallOrderActions.Deliver) => MallOrderStatuses.Delivered,
            (MallOrderStatuses.Ordered or MallOrderStatuses.ReadyForPickup or MallOrderStatuses.Shipped, MallOrderActions.Cancel) => MallOrderStatuses.Cancelled,
            (_, MallOrderActions.Ready or MallOrderActions.Ship or MallOrderActions.Deliver or MallOrderActions.Cancel) =>
                throw new DomainException(ErrorCodes.MallOrderStateConflict, $"Mall order {Key} is {status}: it cannot {command.Action}."),
            _ => throw DomainException.Invalid("action", $"Unknown action {command.Action}."),
        };
        // Points first (exactly once: the card's cancellation claim), then the order's own status.
        if (next == MallOrderStatuses.Cancelled)
            await GrainFactory.GetGrain<ICardMallGrain>(order.CardNo).CancelExchangeAsync(new CancelExchange(order, command.Note));
        var now = Clock.GetUtcNow();
        var history = StateExists ? State.History : [new MallOrderStep(status, order.CreatedAt, null, null)];
        await CommitAsync(new MallOrderState(next, [.. history, new MallOrderStep(next, now, command.Actor?.Id, command.Note)], false), w => w
            .Publish($"mall.order_{next}", new MallOrderMoved(Key, order.StoreId, next, now))
            .Audit(command.Actor, Key, now));
        if (next == MallOrderStatuses.Cancelled) await ReturnStockAsync(order);
        return ToView(order);
    }

    // Finishes what a failure between two writes left, before any move: a cancellation the card committed (points back,
    // the claim mall-cancel/<order>) that this grain never recorded, so the order cannot be delivered after its points
    // went back; and a cancelled order's unit not yet returned to the reward.
    private async Task<string> SettleAsync(MallOrder order)
    {
        var status = StatusOf(order);
        if (status is MallOrderStatuses.Ordered or MallOrderStatuses.ReadyForPickup or MallOrderStatuses.Shipped
            && await ReadClaimAsync(MallKeys.Cancellation(Key)) is not null)
        {
            var now = Clock.GetUtcNow();
            var history = StateExists ? State.History : [new MallOrderStep(status, order.CreatedAt, null, null)];
            status = MallOrderStatuses.Cancelled;
            await CommitAsync(new MallOrderState(status, [.. history, new MallOrderStep(status, now, null, "cancellation completed")], false), w => w
                .Publish($"mall.order_{status}", new MallOrderMoved(Key, order.StoreId, status, now)));
        }
        if (status == MallOrderStatuses.Cancelled) await ReturnStockAsync(order);
        return status;
    }

    private async Task ReturnStockAsync(MallOrder order)
    {
        if (State.StockReturned) return;
        if (order.Unit is { } unit) await GrainFactory.GetGrain<IMallRewardGrain>(order.RewardId).ReturnUnitAsync(unit);
        await CommitAsync(State with { StockReturned = true });
    }

    private async Task<MallOrder?> OrderAsync()
    {
        if (_order is not null) return _order;
        var claim = await ReadClaimAsync(MallKeys.Order(Key));
        return _order = claim is null ? null : Serializer.Deserialize<MallOrder>(claim.Value);
    }

    private string StatusOf(MallOrder order) =>
        StateExists ? State.Status : order.Kind == RewardKinds.Gift ? MallOrderStatuses.Ordered : MallOrderStatuses.Delivered;

    private MallOrderView ToView(MallOrder order) =>
        new(order, StatusOf(order), StateExists ? State.History : [new MallOrderStep(StatusOf(order), order.CreatedAt, null, null)]);
}

/// <summary>Durable state of an order's fulfilment; <see cref="StockReturned"/> tells a cancelled order's unit reached the reward.</summary>
public sealed record MallOrderState(string Status, IReadOnlyList<MallOrderStep> History, bool StockReturned);

/// <summary>The outbox event of an order's move.</summary>
public sealed record MallOrderMoved(string OrderId, string StoreId, string Status, DateTimeOffset At);
