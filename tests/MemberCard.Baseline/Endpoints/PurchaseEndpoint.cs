using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace MemberCard.Baseline.Endpoints;

/// <summary>
/// POST /api/v1/cards/{cardNo}/purchases: the order number is unique per store; Idempotency-Key optional.
/// Two round trips (see <see cref="LockedCard"/>).
/// </summary>
public static class PurchaseEndpoint
{
    private const long MaxOrderAmount = 10_000_000_000;

    public static async Task<Created<PurchaseResponse>> Purchase(string cardNo, PurchaseRequest request, HttpContext context, NpgsqlDataSource db)
    {
        var rules = new FieldRules();
        var orderNo = rules.Text("orderNo", request.OrderNo, 64);
        var storeId = rules.StoreId("storeId", request.StoreId);
        var amount = rules.Range("amount", request.Amount, 1, MaxOrderAmount);
        var balanceAmount = rules.Range("balanceAmount", request.BalanceAmount ?? 0, 0, MaxOrderAmount);
        var pointsToRedeem = rules.Range("pointsToRedeem", request.PointsToRedeem ?? 0, 0, long.MaxValue);
        if (request.BalanceAmount > request.Amount) rules.Fail("balanceAmount", "balanceAmount may not exceed amount.");
        if (request.CouponCode is not null) rules.Fail("couponCode", "Coupons are not available yet.");
        rules.ThrowIfAny();
        var identity = RequestIdentity.Of(context, "purchase", cardNo, request, BaselineJson.Default.PurchaseRequest, keyRequired: false);
        if (!Identifiers.IsCardNo(cardNo)) throw CardEndpoints.NotFound(cardNo);

        var lookup = new CardLookup(cardNo, storeId, identity) { ClaimedOrderNo = orderNo };
        var response = await LockedCard.RunAsync(db, lookup, BaselineJson.Default.PurchaseResponse,
            locked => Rules.Purchase(locked.Card, storeId, orderNo, amount, balanceAmount, pointsToRedeem), PurchaseResponse.From);
        return TypedResults.Created(CardEndpoints.TransactionsOf(cardNo), response);
    }
}
