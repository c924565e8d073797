namespace MemberCard.Client;

/// <summary>
/// Cards: lookups, top-ups, purchases, refunds, freeze, replacement and the ledger. Every money-moving call is sent
/// with one Idempotency-Key (the caller's, or a fresh one per call) that all its retries keep.
/// </summary>
public sealed class CardsClient
{
    private static readonly MemberCardJsonContext Json = MemberCardJsonContext.Default;

    private readonly ApiTransport _api;

    internal CardsClient(ApiTransport api) => _api = api;

    /// <summary>The card. Refusal: <c>card_not_found</c>.</summary>
    [PosOperation("GetCard", "GET", "/api/v1/cards/{cardNo}")]
    public Task<Card> GetAsync(string cardNo, CancellationToken cancellationToken = default) =>
        _api.GetAsync(CardPath(cardNo), Json.Card, cancellationToken);

    /// <summary>
    /// Tops the card up. Pass <paramref name="idempotencyKey"/> (1–64 printable ASCII characters) to be able to send the same
    /// top-up again later, e.g. after the till restarted; otherwise the call makes one. Refusals: <c>card_not_found</c>,
    /// <c>card_frozen</c>, <c>balance_cap_exceeded</c>, <c>store_not_found</c>, <c>idempotency_key_reused</c>, <c>validation_failed</c>.
    /// </summary>
    [PosOperation("TopUp", "POST", "/api/v1/cards/{cardNo}/top-ups")]
    public Task<TopUpResult> TopUpAsync(string cardNo, TopUpRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, CardPath(cardNo) + "/top-ups", request, Json.TopUpRequest, Json.TopUpResult,
            retrySafe: true, idempotencyKey ?? IdempotencyKeys.New(), cancellationToken);

    /// <summary>
    /// What a top-up of <paramref name="amount"/> (minor units) would give — bonus and resulting balance — to show the
    /// customer before the cashier confirms; changes nothing, and the top-up decides again when it is sent. Refusals:
    /// <c>card_not_found</c>, <c>card_frozen</c>, <c>card_closed</c>, <c>balance_cap_exceeded</c>, <c>validation_failed</c>.
    /// </summary>
    [PosOperation("PreviewTopUp", "GET", "/api/v1/cards/{cardNo}/top-up-preview")]
    public Task<TopUpPreview> PreviewTopUpAsync(string cardNo, long amount, CancellationToken cancellationToken = default) =>
        _api.GetAsync(CardPath(cardNo) + "/top-up-preview?amount=" + amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Json.TopUpPreview, cancellationToken);

    /// <summary>
    /// Pays an order. The store's order number already makes the purchase safe to send again (the same order with the same
    /// body is answered, not charged, twice), so an Idempotency-Key is sent only when given. Refusals: <c>insufficient_balance</c>,
    /// <c>insufficient_points</c>, <c>card_frozen</c>, <c>duplicate_order</c>, <c>coupon_*</c>, <c>card_not_found</c>,
    /// <c>store_not_found</c>, <c>idempotency_key_reused</c>, <c>validation_failed</c>; nothing is charged on any of them.
    /// </summary>
    [PosOperation("Purchase", "POST", "/api/v1/cards/{cardNo}/purchases")]
    public Task<PurchaseResult> PurchaseAsync(string cardNo, PurchaseRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, CardPath(cardNo) + "/purchases", request, Json.PurchaseRequest, Json.PurchaseResult,
            retrySafe: true, idempotencyKey, cancellationToken);

    /// <summary>
    /// Refunds (part of) an order, with one Idempotency-Key as for <see cref="TopUpAsync"/>. Refusals: <c>order_not_found</c>,
    /// <c>refund_exceeds_purchase</c>, <c>card_not_found</c>, <c>idempotency_key_reused</c>, <c>validation_failed</c>.
    /// </summary>
    [PosOperation("Refund", "POST", "/api/v1/cards/{cardNo}/refunds")]
    public Task<RefundResult> RefundAsync(string cardNo, RefundRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, CardPath(cardNo) + "/refunds", request, Json.RefundRequest, Json.RefundResult,
            retrySafe: true, idempotencyKey ?? IdempotencyKeys.New(), cancellationToken);

    /// <summary>Freezes the card (top-ups and purchases are refused until it is unfrozen; lookups work). Refusal: <c>card_not_found</c>.</summary>
    [PosOperation("Freeze", "POST", "/api/v1/cards/{cardNo}/freeze")]
    public Task<Card> FreezeAsync(string cardNo, string? reason = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, CardPath(cardNo) + "/freeze", new CardReasonBody(reason), Json.CardReasonBody, Json.Card,
            retrySafe: true, null, cancellationToken);

    /// <summary>Unfreezes the card. Refusal: <c>card_not_found</c>.</summary>
    [PosOperation("Unfreeze", "POST", "/api/v1/cards/{cardNo}/unfreeze")]
    public Task<Card> UnfreezeAsync(string cardNo, string? reason = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, CardPath(cardNo) + "/unfreeze", new CardReasonBody(reason), Json.CardReasonBody, Json.Card,
            retrySafe: true, null, cancellationToken);

    /// <summary>
    /// Reports the card lost and moves its balance, points and tier to a new card, which is returned (asking again answers
    /// the same new card). Refusals: <c>card_not_found</c>, <c>card_closed</c>.
    /// </summary>
    [PosOperation("ReplaceCard", "POST", "/api/v1/cards/{cardNo}/replace")]
    public Task<Card> ReplaceAsync(string cardNo, string? reason = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, CardPath(cardNo) + "/replace", new CardReasonBody(reason), Json.CardReasonBody, Json.Card,
            retrySafe: true, null, cancellationToken);

    /// <summary>The card's whole ledger, newest first, read <paramref name="pageSize"/> entries (1–200) at a time as it is enumerated.</summary>
    [PosOperation("ListTransactions", "GET", "/api/v1/cards/{cardNo}/transactions")]
    public IAsyncEnumerable<Transaction> ListTransactionsAsync(string cardNo, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        Paging.Query(pageSize, null);
        return Paging.ReadAllAsync((cursor, token) => ListTransactionsPageAsync(cardNo, pageSize, cursor, token), cancellationToken);
    }

    /// <summary>One page of the ledger; give the previous page's <see cref="Page{T}.NextCursor"/> for the next one.</summary>
    public Task<Page<Transaction>> ListTransactionsPageAsync(string cardNo, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.GetAsync(CardPath(cardNo) + "/transactions" + Paging.Query(limit, cursor), Json.PageTransaction, cancellationToken);

    private static string CardPath(string cardNo) => "api/v1/cards/" + ApiTransport.Segment(cardNo);
}
