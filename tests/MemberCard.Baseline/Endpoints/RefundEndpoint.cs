using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace MemberCard.Baseline.Endpoints;

/// <summary>
/// POST /api/v1/cards/{cardNo}/refunds (Idempotency-Key required): a part of an order paid with this card, or all
/// that is left of it. Two round trips (see <see cref="LockedCard"/>).
/// </summary>
public static class RefundEndpoint
{
    private const long MaxOrderAmount = 10_000_000_000;

    public static async Task<Created<RefundResponse>> Refund(string cardNo, RefundRequest request, HttpContext context, NpgsqlDataSource db)
    {
        var rules = new FieldRules();
        var orderNo = rules.Text("orderNo", request.OrderNo, 64);
        var storeId = rules.StoreId("storeId", request.StoreId);
        if (request.Amount is not null) rules.Range("amount", request.Amount, 1, MaxOrderAmount);
        rules.ThrowIfAny();
        var identity = RequestIdentity.Of(context, "refund", cardNo, request, BaselineJson.Default.RefundRequest, keyRequired: true);
        if (!Identifiers.IsCardNo(cardNo)) throw CardEndpoints.NotFound(cardNo);

        var lookup = new CardLookup(cardNo, storeId, identity) { RefundedOrderNo = orderNo };
        var response = await LockedCard.RunAsync(db, lookup, BaselineJson.Default.RefundResponse, locked =>
        {
            var order = locked.PaidOrder
                ?? throw new ApiError(ApiError.OrderNotFound, $"Order {orderNo} of store {storeId} was not paid with this card.");
            return Rules.Refund(locked.Card, order, storeId, orderNo, request.Amount);
        }, RefundResponse.From);
        return TypedResults.Created(CardEndpoints.TransactionsOf(cardNo), response);
    }
}
