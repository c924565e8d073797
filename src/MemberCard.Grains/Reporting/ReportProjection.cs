using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using MemberCard.Runtime.Streams;
using Microsoft.Extensions.Options;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Grains.Reporting;

/// <summary>
/// The "reports" stream consumer: folds card, member and coupon events into the report tables. A batch is one transaction
/// that, per event, first advances the stream's last applied sequence (a conditional upsert, which also serializes
/// two silos briefly applying the same queue) and applies the figures only when it advanced; so a redelivered event
/// changes nothing and every event counts exactly once.
/// </summary>
public sealed class ReportProjection(IProjectionDatabase database, IOptions<ReportOptions> options) : IStreamConsumer
{
    /// <summary>The consumer's name (dead letters are recorded under it).</summary>
    public const string ConsumerName = "reports";

    private const string Advance = """
        INSERT INTO report_streams (grain_type, grain_key, version, idx) VALUES (@type, @key, @version, @idx)
        ON CONFLICT (grain_type, grain_key) DO UPDATE SET version = excluded.version, idx = excluded.idx
        WHERE report_streams.version < excluded.version
           OR (report_streams.version = excluded.version AND report_streams.idx < excluded.idx)
        RETURNING 1
        """;

    private static readonly string[] LedgerColumns =
    [
        "amount", "bonus", "discount", "points_redeemed", "balance_charged", "points_earned", "balance_refunded",
        "points_reversed", "points_restored", "balance_delta", "points_delta", "principal_delta", "bonus_delta",
    ];

    private static readonly string AddLedger =
        $"INSERT INTO report_ledger (day, store_id, type, entries, {string.Join(", ", LedgerColumns)}) "
        + $"VALUES (@day, @store, @type, 1, {string.Join(", ", LedgerColumns.Select(c => "@" + c))}) "
        + "ON CONFLICT (day, store_id, type) DO UPDATE SET entries = report_ledger.entries + 1, "
        + string.Join(", ", LedgerColumns.Select(c => $"{c} = report_ledger.{c} + excluded.{c}"));

    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <inheritdoc />
    public string Name => ConsumerName;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Namespaces { get; } = ["card", "member", "coupon-issuer"];

    /// <inheritdoc />
    public async Task DeliverAsync(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var item in events)
        {
            if (!IsReported(item)) continue;
            if (!await AdvanceAsync(connection, transaction, item, cancellationToken).ConfigureAwait(false)) continue;
            await ApplyAsync(connection, transaction, item, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The report day of an instant.</summary>
    public DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

    private static bool IsReported(StreamEvent item) => item.Namespace switch
    {
        "member" => item.Kind == "member.registered",
        "card" => item.Kind.StartsWith("card.", StringComparison.Ordinal) || item.Kind is CouponRedeemed or CouponRestored,
        "coupon-issuer" => item.Kind == CouponIssued,
        _ => false,
    };

    private const string CouponIssued = "coupon.issued";
    private const string CouponRedeemed = "coupon.redeemed";
    private const string CouponRestored = "coupon.restored";

    private const string AddCoupons = """
        INSERT INTO report_coupons (day, store_id, campaign_id, issued, redeemed, restored, discount)
        VALUES (@day, @store, @campaign, @issued, @redeemed, @restored, @discount)
        ON CONFLICT (day, store_id, campaign_id) DO UPDATE SET issued = report_coupons.issued + excluded.issued,
            redeemed = report_coupons.redeemed + excluded.redeemed, restored = report_coupons.restored + excluded.restored,
            discount = report_coupons.discount + excluded.discount
        """;

    // Issuance belongs to no store (''); a redemption counts at the till's store, a restoration takes it back there.
    private async Task ApplyCouponAsync(DbConnection connection, DbTransaction transaction, StreamEvent item, CancellationToken cancellationToken)
    {
        var c = JsonSerializer.Deserialize(item.Json, ReportJsonContext.Default.CouponFigures)!;
        var (store, at, issued, redeemed, restored, discount) = item.Kind switch
        {
            CouponIssued => ("", c.IssuedAt, 1L, 0L, 0L, 0L),
            CouponRedeemed => (c.StoreId ?? "", c.At, 0L, 1L, 0L, c.Discount),
            _ => (c.StoreId ?? "", c.At, 0L, 0L, 1L, -c.Discount),
        };
        await ExecuteAsync(connection, transaction, cancellationToken, AddCoupons,
            ("day", DayOf(at)), ("store", store), ("campaign", c.CampaignId), ("issued", issued), ("redeemed", redeemed),
            ("restored", restored), ("discount", discount)).ConfigureAwait(false);
    }

    private static async Task<bool> AdvanceAsync(DbConnection connection, DbTransaction transaction, StreamEvent item, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, Advance,
            ("type", item.Namespace), ("key", item.Key), ("version", item.Sequence.Version), ("idx", (long)item.Sequence.Index));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    private async Task ApplyAsync(DbConnection connection, DbTransaction transaction, StreamEvent item, CancellationToken cancellationToken)
    {
        if (item.Kind is CouponIssued or CouponRedeemed or CouponRestored)
        {
            await ApplyCouponAsync(connection, transaction, item, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (item.Kind == "member.registered")
        {
            var member = JsonSerializer.Deserialize(item.Json, ReportJsonContext.Default.MemberRegisteredFigures)!;
            var day = DayOf(member.At);
            await ExecuteAsync(connection, transaction, cancellationToken,
                "INSERT INTO report_members (member_id, store_id, day, month) VALUES (@member, @store, @day, @month) ON CONFLICT (member_id) DO NOTHING",
                ("member", member.MemberId), ("store", member.StoreId ?? ""), ("day", day), ("month", MonthOf(day))).ConfigureAwait(false);
            return;
        }
        if (item.Kind == "card.opened")
        {
            var card = JsonSerializer.Deserialize(item.Json, ReportJsonContext.Default.CardOpenedFigures)!;
            await ExecuteAsync(connection, transaction, cancellationToken,
                "INSERT INTO report_cards (card_no, member_id) VALUES (@card, @member) ON CONFLICT (card_no) DO NOTHING",
                ("card", item.Key), ("member", card.MemberId)).ConfigureAwait(false);
            return;
        }
        // Status changes (card.frozen, card.active, ...) carry no ledger entry; every other card event is one.
        if (!item.Json.Contains("\"balanceDelta\"", StringComparison.Ordinal)) return;
        var entry = JsonSerializer.Deserialize(item.Json, ReportJsonContext.Default.LedgerFigures)!;
        var entryDay = DayOf(entry.CreatedAt);
        var store = entry.StoreId ?? "";
        var type = entry.Type.Length > 0 ? entry.Type : item.Kind["card.".Length..];
        await ExecuteAsync(connection, transaction, cancellationToken, AddLedger,
            ("day", entryDay), ("store", store), ("type", type),
            ("amount", entry.Amount), ("bonus", entry.Bonus), ("discount", entry.Discount), ("points_redeemed", entry.PointsRedeemed),
            ("balance_charged", entry.BalanceCharged), ("points_earned", entry.PointsEarned), ("balance_refunded", entry.BalanceRefunded),
            ("points_reversed", entry.PointsReversed), ("points_restored", entry.PointsRestored), ("balance_delta", entry.BalanceDelta),
            ("points_delta", entry.PointsDelta), ("principal_delta", entry.PrincipalDelta), ("bonus_delta", entry.BonusDelta)).ConfigureAwait(false);
        if (type is not ("purchase" or "top_up")) return;
        await ExecuteAsync(connection, transaction, cancellationToken, """
            INSERT INTO report_activity (day, store_id, member_id, kind, month)
            SELECT @day, @store, member_id, @kind, @month FROM report_cards WHERE card_no = @card
            ON CONFLICT (day, store_id, member_id, kind) DO NOTHING
            """,
            ("day", entryDay), ("store", store), ("kind", type), ("month", MonthOf(entryDay)), ("card", item.Key)).ConfigureAwait(false);
    }

    internal static string MonthOf(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static async Task ExecuteAsync(
        DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
