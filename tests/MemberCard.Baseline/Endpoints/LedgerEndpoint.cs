using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace MemberCard.Baseline.Endpoints;

/// <summary>GET /api/v1/cards/{cardNo}/transactions: the ledger, newest first, by keyset on the ledger id.</summary>
public static class LedgerEndpoint
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 200;

    // Reads one row past the page to know whether a next page exists. Ids of one card grow in commit order,
    // because its writers hold the card lock while they insert.
    private const string Page = """
        SELECT id, transaction_id, type, order_no, amount, balance_delta, points_delta, balance, points, store_id, created_at
        FROM ledger WHERE card_no = $1 AND id < $2 ORDER BY id DESC LIMIT $3
        """;

    /// <summary>One round trip: the card's existence and the page in one batch.</summary>
    public static async Task<Ok<ListResponse<TransactionItem>>> ListTransactions(string cardNo, int? limit, string? cursor, NpgsqlDataSource db)
    {
        if (limit is < 1 or > MaxLimit) throw ApiError.Invalid("limit", $"limit must be between 1 and {MaxLimit}.");
        var size = limit ?? DefaultLimit;
        var before = Decode(cursor);
        if (!Identifiers.IsCardNo(cardNo)) throw CardEndpoints.NotFound(cardNo);

        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Sql.Command("SELECT EXISTS (SELECT 1 FROM cards WHERE card_no = $1)", Sql.Text(cardNo)));
        batch.BatchCommands.Add(Sql.Command(Page, Sql.Text(cardNo), Sql.Int64(before), Sql.Int64(size + 1)));
        await using var reader = await batch.ExecuteReaderAsync();
        if (!await reader.ReadAsync() || !reader.GetBoolean(0)) throw CardEndpoints.NotFound(cardNo);
        await reader.NextResultAsync();

        var items = new List<TransactionItem>(size);
        long lastId = 0;
        var more = false;
        while (await reader.ReadAsync())
        {
            if (items.Count == size)
            {
                more = true;
                break;
            }
            lastId = reader.GetInt64(0);
            items.Add(new TransactionItem(reader.GetGuid(1).ToString("N"), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetString(9),
                reader.GetDateTime(10)));
        }
        return TypedResults.Ok(new ListResponse<TransactionItem>(items, more ? Encode(lastId) : null));
    }

    private static string Encode(long id) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(id.ToString(CultureInfo.InvariantCulture)));

    // Opaque to clients; garbage is a 400, not a 500.
    private static long Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return long.MaxValue;
        try
        {
            if (long.TryParse(Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return id;
        }
        catch (FormatException)
        {
        }
        throw ApiError.Invalid("cursor", "cursor is not one this API issued.");
    }
}
