namespace MemberCard.Client;

/// <summary>The till's side of coupons: a member's coupons and the purchase quote.</summary>
public sealed class CouponsClient
{
    private static readonly MemberCardJsonContext Json = MemberCardJsonContext.Default;

    private readonly ApiTransport _api;

    internal CouponsClient(ApiTransport api) => _api = api;

    /// <summary>
    /// The member's coupons, newest first, optionally of one <see cref="CouponStatuses">status</see>, read
    /// <paramref name="pageSize"/> (1–200) at a time as they are enumerated. Refusals: <c>member_not_found</c>, <c>validation_failed</c>.
    /// </summary>
    [PosOperation("ListMemberCoupons", "GET", "/api/v1/members/{memberId}/coupons")]
    public IAsyncEnumerable<Coupon> ListForMemberAsync(string memberId, string? status = null, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        Paging.Query(pageSize, null);
        return Paging.ReadAllAsync((cursor, token) => ListForMemberPageAsync(memberId, status, pageSize, cursor, token), cancellationToken);
    }

    /// <summary>One page of the member's coupons; give the previous page's <see cref="Page{T}.NextCursor"/> for the next one.</summary>
    public Task<Page<Coupon>> ListForMemberPageAsync(
        string memberId, string? status = null, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var query = Paging.Query(limit, cursor);
        if (status is not null) query += (query.Length == 0 ? "?" : "&") + "status=" + Uri.EscapeDataString(status);
        return _api.GetAsync($"api/v1/members/{ApiTransport.Segment(memberId)}/coupons{query}", Json.PageCoupon, cancellationToken);
    }

    /// <summary>
    /// What a purchase would cost with a coupon and points: the discount, what is left to pay and the points it would earn.
    /// Changes nothing. Refusals: <c>coupon_not_found</c>, <c>coupon_not_applicable</c>, <c>coupon_already_redeemed</c>,
    /// <c>card_not_found</c>, <c>validation_failed</c>.
    /// </summary>
    [PosOperation("QuotePurchase", "POST", "/api/v1/cards/{cardNo}/quotes")]
    public Task<Quote> QuoteAsync(string cardNo, QuoteRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, $"api/v1/cards/{ApiTransport.Segment(cardNo)}/quotes", request, Json.QuoteRequest, Json.Quote,
            retrySafe: true, null, cancellationToken);
}
