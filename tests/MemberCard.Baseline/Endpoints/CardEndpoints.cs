using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace MemberCard.Baseline.Endpoints;

/// <summary>/api/v1/cards/{cardNo}: the card, its ledger, and the money-moving operations.</summary>
public static class CardEndpoints
{
    public static void MapCardEndpoints(this RouteGroupBuilder api)
    {
        var cards = api.MapGroup("/cards/{cardNo}").WithTags("Cards");
        cards.MapGet("/", GetCard).WithName(nameof(GetCard));
        cards.MapPost("/top-ups", TopUpEndpoint.TopUp).WithName(nameof(TopUpEndpoint.TopUp));
        cards.MapPost("/purchases", PurchaseEndpoint.Purchase).WithName(nameof(PurchaseEndpoint.Purchase));
        cards.MapPost("/refunds", RefundEndpoint.Refund).WithName(nameof(RefundEndpoint.Refund));
        cards.MapGet("/transactions", LedgerEndpoint.ListTransactions).WithName(nameof(LedgerEndpoint.ListTransactions));
    }

    /// <summary>One round trip.</summary>
    public static async Task<Ok<CardResponse>> GetCard(string cardNo, NpgsqlDataSource db)
    {
        if (!Identifiers.IsCardNo(cardNo)) throw NotFound(cardNo);
        await using var select = db.CreateCommand("SELECT member_id, status, balance, points, tier, created_at FROM cards WHERE card_no = $1");
        select.Parameters.Add(Sql.Text(cardNo));
        await using var reader = await select.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw NotFound(cardNo);
        return TypedResults.Ok(new CardResponse(cardNo, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
            reader.GetString(4), reader.GetDateTime(5)));
    }

    /// <summary>Where a new ledger entry of the card can be seen (the Location of a 201).</summary>
    public static string TransactionsOf(string cardNo) => $"/api/v1/cards/{cardNo}/transactions";

    public static ApiError NotFound(string cardNo) => new(ApiError.CardNotFound, $"Card {cardNo} does not exist.");
}
