using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace MemberCard.Baseline.Endpoints;

/// <summary>POST /api/v1/cards/{cardNo}/top-ups (Idempotency-Key required). Two round trips (see <see cref="LockedCard"/>).</summary>
public static class TopUpEndpoint
{
    private const long MaxTopUp = 100_000_000;

    public static async Task<Created<TopUpResponse>> TopUp(string cardNo, TopUpRequest request, HttpContext context, NpgsqlDataSource db)
    {
        var rules = new FieldRules();
        var amount = rules.Range("amount", request.Amount, 1, MaxTopUp);
        var storeId = rules.StoreId("storeId", request.StoreId);
        rules.ThrowIfAny();
        var identity = RequestIdentity.Of(context, "top-up", cardNo, request, BaselineJson.Default.TopUpRequest, keyRequired: true);
        if (!Identifiers.IsCardNo(cardNo)) throw CardEndpoints.NotFound(cardNo);

        var response = await LockedCard.RunAsync(db, new CardLookup(cardNo, storeId, identity), BaselineJson.Default.TopUpResponse,
            locked => Rules.TopUp(locked.Card, storeId, amount), TopUpResponse.From);
        return TypedResults.Created(CardEndpoints.TransactionsOf(cardNo), response);
    }
}
