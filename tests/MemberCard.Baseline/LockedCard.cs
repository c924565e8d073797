using System.Data;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Npgsql;

namespace MemberCard.Baseline;

/// <summary>
/// One money-moving request as one PostgreSQL transaction holding the card row lock, so concurrent tills on one
/// card serialise. Two round trips on every path:
/// <list type="number">
/// <item>BEGIN, <c>SELECT … FOR UPDATE</c> on the card and the lookups, in one batch (they run after the lock is
/// granted, so they see everything the previous holder committed);</item>
/// <item>the writes and COMMIT in one batch, or ROLLBACK when the request is answered without writing.</item>
/// </list>
/// Plain BEGIN/COMMIT statements instead of <see cref="NpgsqlTransaction"/>, whose CommitAsync would be a third
/// round trip with the lock still held. A copy of the request that commits first elsewhere (same key on another
/// card, or between our read and our insert) costs a unique violation, a ROLLBACK and one more two-trip attempt.
/// </summary>
public sealed class LockedCard : IAsyncDisposable
{
    // The baseline has one credential, so every key lives in one scope (the product scopes keys per credential).
    private const string Scope = "api-key";
    private const int Attempts = 3;

    private readonly NpgsqlConnection _connection;
    private readonly CardLookup _lookup;
    private Earlier? _byKey;
    private Earlier? _byOrder;
    private bool _ended;

    private LockedCard(NpgsqlConnection connection, CardLookup lookup) => (_connection, _lookup) = (connection, lookup);

    public CardRow Card { get; private set; } = null!;

    /// <summary>The refunded order, when the lookup names one and it was paid with this card.</summary>
    public PaidOrder? PaidOrder { get; private set; }

    /// <summary>
    /// Runs <paramref name="decide"/> on the locked card and commits its entry with the answer, or replays the
    /// earlier answer to the same request. A unique violation means a copy of the request on another card (or at
    /// the same instant) committed first: running again finds its answer and replays it or refuses the reuse.
    /// </summary>
    public static async Task<T> RunAsync<T>(
        NpgsqlDataSource dataSource, CardLookup lookup, JsonTypeInfo<T> answer, Func<LockedCard, LedgerEntry> decide, Func<LedgerEntry, T> respond)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var card = await LockAsync(dataSource, lookup);
                if (card.Replay(answer) is { } earlier) return earlier;
                var entry = decide(card);
                var response = respond(entry);
                await card.CommitAsync(entry, JsonSerializer.Serialize(response, answer));
                return response;
            }
            catch (PostgresException e) when (e.SqlState is Sql.UniqueViolation or Sql.DeadlockDetected && attempt < Attempts)
            {
            }
        }
    }

    private static async Task<LockedCard> LockAsync(NpgsqlDataSource dataSource, CardLookup lookup)
    {
        var card = new LockedCard(await dataSource.OpenConnectionAsync(), lookup);
        try
        {
            await card.ReadAsync();
            return card;
        }
        catch
        {
            await card.DisposeAsync();
            throw;
        }
    }

    private async Task ReadAsync()
    {
        var (cardNo, storeId, identity) = (_lookup.CardNo, _lookup.StoreId, _lookup.Identity);
        await using var batch = new NpgsqlBatch(_connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        batch.BatchCommands.Add(Sql.Command("SELECT status, balance, points FROM cards WHERE card_no = $1 FOR UPDATE", Sql.Text(cardNo)));
        batch.BatchCommands.Add(Sql.Command("SELECT EXISTS (SELECT 1 FROM stores WHERE store_id = $1)", Sql.Text(storeId)));
        if (identity.Key is { } key)
            batch.BatchCommands.Add(Sql.Command("SELECT fingerprint, response FROM idempotency WHERE scope = $1 AND key = $2", Sql.Text(Scope), Sql.Text(key)));
        if (_lookup.ClaimedOrderNo is { } claimed)
            batch.BatchCommands.Add(Sql.Command("SELECT fingerprint, response FROM orders WHERE store_id = $1 AND order_no = $2", Sql.Text(storeId), Sql.Text(claimed)));
        if (_lookup.RefundedOrderNo is { } refunded)
            batch.BatchCommands.Add(Sql.Command(PaidOrderQuery, Sql.Text(cardNo), Sql.Text(storeId), Sql.Text(refunded)));

        // The reader skips BEGIN (no rows) and starts at the card.
        await using var reader = await batch.ExecuteReaderAsync();
        var card = await reader.ReadAsync() ? new CardRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)) : null;
        await reader.NextResultAsync();
        var storeExists = await reader.ReadAsync() && reader.GetBoolean(0);
        if (identity.Key is not null) _byKey = await ReadEarlierAsync(reader);
        if (_lookup.ClaimedOrderNo is not null) _byOrder = await ReadEarlierAsync(reader);
        if (_lookup.RefundedOrderNo is not null && await reader.NextResultAsync() && await reader.ReadAsync())
            PaidOrder = new PaidOrder(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));

        // Reported in the order a till wants them: which card, then which store.
        Card = card ?? throw new ApiError(ApiError.CardNotFound, $"Card {cardNo} does not exist.");
        if (!storeExists) throw new ApiError(ApiError.StoreNotFound, $"Store {storeId} does not exist.");
    }

    private const string PaidOrderQuery = """
        SELECT p.amount, p.balance_charged, p.points_redeemed, p.points_earned,
               (SELECT coalesce(sum(r.amount), 0)::bigint FROM ledger r
                WHERE r.card_no = p.card_no AND r.store_id = p.store_id AND r.order_no = p.order_no AND r.type = 'refund')
        FROM ledger p
        WHERE p.card_no = $1 AND p.store_id = $2 AND p.order_no = $3 AND p.type = 'purchase'
        """;

    private static async Task<Earlier?> ReadEarlierAsync(NpgsqlDataReader reader) =>
        await reader.NextResultAsync() && await reader.ReadAsync() ? new Earlier(reader.GetString(0), reader.GetString(1)) : null;

    // Same request → the first answer again; the key or order number with another request → refused.
    private T? Replay<T>(JsonTypeInfo<T> answer) where T : class
    {
        if (_byKey is { } byKey)
            return byKey.Fingerprint == _lookup.Identity.Fingerprint ? JsonSerializer.Deserialize(byKey.Response, answer)
                : throw new ApiError(ApiError.IdempotencyKeyReused, "This Idempotency-Key was already used with a different request.");
        if (_byOrder is { } byOrder)
            return byOrder.Fingerprint == _lookup.Identity.Fingerprint ? JsonSerializer.Deserialize(byOrder.Response, answer)
                : throw new ApiError(ApiError.DuplicateOrder, "This order number was already used with a different request.");
        return null;
    }

    private async Task CommitAsync(LedgerEntry e, string response)
    {
        await using var batch = new NpgsqlBatch(_connection);
        batch.BatchCommands.Add(Sql.Command("UPDATE cards SET balance = $2, points = $3, version = version + 1 WHERE card_no = $1",
            Sql.Text(_lookup.CardNo), Sql.Int64(e.Balance), Sql.Int64(e.Points)));
        batch.BatchCommands.Add(Sql.Command(InsertLedger,
            Sql.Text(_lookup.CardNo), Sql.Uuid(e.TransactionId), Sql.Text(e.Type), Sql.Text(e.OrderNo), Sql.Text(e.StoreId),
            Sql.Int64(e.Amount), Sql.Int64(e.Bonus), Sql.Int64(e.Discount), Sql.Int64(e.PointsRedeemed), Sql.Int64(e.BalanceCharged),
            Sql.Int64(e.PointsEarned), Sql.Int64(e.BalanceRefunded), Sql.Int64(e.PointsReversed), Sql.Int64(e.PointsRestored),
            Sql.Int64(e.BalanceDelta), Sql.Int64(e.PointsDelta), Sql.Int64(e.Balance), Sql.Int64(e.Points), Sql.Time(e.CreatedAt)));
        if (_lookup.Identity.Key is { } key)
            batch.BatchCommands.Add(Sql.Command("INSERT INTO idempotency (scope, key, fingerprint, response, created_at) VALUES ($1, $2, $3, $4, $5)",
                Sql.Text(Scope), Sql.Text(key), Sql.Text(_lookup.Identity.Fingerprint), Sql.Jsonb(response), Sql.Time(e.CreatedAt)));
        if (_lookup.ClaimedOrderNo is { } orderNo)
            batch.BatchCommands.Add(Sql.Command("INSERT INTO orders (store_id, order_no, card_no, fingerprint, response) VALUES ($1, $2, $3, $4, $5)",
                Sql.Text(_lookup.StoreId), Sql.Text(orderNo), Sql.Text(_lookup.CardNo), Sql.Text(_lookup.Identity.Fingerprint), Sql.Jsonb(response)));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await batch.ExecuteNonQueryAsync();
        _ended = true;
    }

    private const string InsertLedger = """
        INSERT INTO ledger (card_no, transaction_id, type, order_no, store_id, amount, bonus, discount, points_redeemed,
            balance_charged, points_earned, balance_refunded, points_reversed, points_restored, balance_delta, points_delta,
            balance, points, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
        """;

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Answered without writing (replay, refusal) or failed: release the lock before the connection is pooled.
            if (!_ended && _connection.FullState == ConnectionState.Open)
            {
                await using var rollback = new NpgsqlCommand("ROLLBACK", _connection);
                await rollback.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    private sealed record Earlier(string Fingerprint, string Response);
}
