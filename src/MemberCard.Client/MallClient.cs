namespace MemberCard.Client;

/// <summary>
/// The till's side of the points mall (积分商城): what a card's member can exchange, the exchange itself (one
/// Idempotency-Key that all its retries keep), and the store's gift queue with its fulfilment moves.
/// </summary>
public sealed class MallClient
{
    private static readonly MemberCardJsonContext Json = MemberCardJsonContext.Default;

    private readonly ApiTransport _api;

    internal MallClient(ApiTransport api) => _api = api;

    /// <summary>What the card's member can exchange now at the store. Refusals: <c>card_not_found</c>, <c>store_not_found</c>, <c>validation_failed</c>.</summary>
    [PosOperation("ListCardRewards", "GET", "/api/v1/cards/{cardNo}/mall/rewards")]
    public async Task<IReadOnlyList<AvailableReward>> ListRewardsAsync(string cardNo, string storeId, CancellationToken cancellationToken = default) =>
        (await _api.GetAsync($"api/v1/cards/{ApiTransport.Segment(cardNo)}/mall/rewards?storeId={Uri.EscapeDataString(storeId)}",
            Json.PageAvailableReward, cancellationToken).ConfigureAwait(false)).Items;

    /// <summary>
    /// Exchanges the card's points for a reward, with one Idempotency-Key (the caller's, or a fresh one) kept by every retry.
    /// Refusals: <c>out_of_stock</c>, <c>limit_reached</c>, <c>insufficient_points</c>, <c>reward_paused</c>, <c>reward_retired</c>,
    /// <c>reward_not_available</c>, <c>reward_not_found</c>, <c>card_frozen</c>, <c>card_not_found</c>, <c>idempotency_key_reused</c>,
    /// <c>validation_failed</c>; nothing is taken on any of them.
    /// </summary>
    [PosOperation("ExchangeAtTill", "POST", "/api/v1/cards/{cardNo}/mall/exchanges")]
    public Task<ExchangeResult> ExchangeAsync(string cardNo, ExchangeRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, $"api/v1/cards/{ApiTransport.Segment(cardNo)}/mall/exchanges", request, Json.ExchangeRequest, Json.ExchangeResult,
            retrySafe: true, idempotencyKey ?? IdempotencyKeys.New(), cancellationToken);

    /// <summary>The store's gift orders, newest first, optionally of one <see cref="MallOrderStatuses">status</see>; at most <paramref name="limit"/> (1–200).</summary>
    [PosOperation("ListStoreOrders", "GET", "/api/v1/mall/orders")]
    public async Task<IReadOnlyList<MallOrder>> ListOrdersAsync(string storeId, string? status = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = "?storeId=" + Uri.EscapeDataString(storeId);
        if (status is not null) query += "&status=" + Uri.EscapeDataString(status);
        if (limit is not null) query += "&limit=" + limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (await _api.GetAsync("api/v1/mall/orders" + query, Json.PageMallOrder, cancellationToken).ConfigureAwait(false)).Items;
    }

    /// <summary>An order and its history. Refusal: <c>mall_order_not_found</c>.</summary>
    [PosOperation("GetMallOrder", "GET", "/api/v1/mall/orders/{orderId}")]
    public Task<MallOrder> GetOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        _api.GetAsync(OrderPath(orderId), Json.MallOrder, cancellationToken);

    /// <summary>The gift is ready for pickup. Refusals: <c>mall_order_state_conflict</c>, <c>mall_order_not_found</c>.</summary>
    [PosOperation("MarkMallOrderReady", "POST", "/api/v1/mall/orders/{orderId}/ready")]
    public Task<MallOrder> MarkReadyAsync(string orderId, CancellationToken cancellationToken = default) => MoveAsync(orderId, "ready", null, cancellationToken);

    /// <summary>The gift was shipped (<paramref name="trackingNo"/> is kept in its history). Refusals as <see cref="MarkReadyAsync"/>.</summary>
    [PosOperation("ShipMallOrder", "POST", "/api/v1/mall/orders/{orderId}/ship")]
    public Task<MallOrder> ShipAsync(string orderId, string? trackingNo = null, CancellationToken cancellationToken = default) =>
        MoveAsync(orderId, "ship", trackingNo, cancellationToken);

    /// <summary>The member has the gift. Refusals as <see cref="MarkReadyAsync"/>.</summary>
    [PosOperation("DeliverMallOrder", "POST", "/api/v1/mall/orders/{orderId}/deliver")]
    public Task<MallOrder> DeliverAsync(string orderId, CancellationToken cancellationToken = default) => MoveAsync(orderId, "deliver", null, cancellationToken);

    /// <summary>Cancels the order: points, stock and the member's limit come back, once (a repeat gives nothing twice). Refusals as <see cref="MarkReadyAsync"/>.</summary>
    [PosOperation("CancelMallOrder", "POST", "/api/v1/mall/orders/{orderId}/cancel")]
    public Task<MallOrder> CancelAsync(string orderId, string? reason = null, CancellationToken cancellationToken = default) =>
        MoveAsync(orderId, "cancel", reason, cancellationToken);

    // Every move is safe to send again: a repeat of a move already made is refused (state conflict) or, for a cancellation, answered.
    private Task<MallOrder> MoveAsync(string orderId, string action, string? note, CancellationToken cancellationToken) =>
        _api.SendAsync(HttpMethod.Post, $"{OrderPath(orderId)}/{action}", new MallOrderMoveBody(note), Json.MallOrderMoveBody, Json.MallOrder,
            retrySafe: action == "cancel", null, cancellationToken);

    private static string OrderPath(string orderId) => $"api/v1/mall/orders/{ApiTransport.Segment(orderId)}";
}
