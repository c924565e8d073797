using System.Data.Common;
using System.Globalization;
using MemberCard.Runtime.Streams;
using Microsoft.Extensions.Options;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Grains.Reporting;

/// <summary>
/// The "reports" stream consumer: folds card, member and coupon events into the report tables. A batch is one
/// transaction. It first advances, in one statement, the last applied sequence of every stream in the batch (a
/// conditional upsert that also keeps the position it replaced, which it returns); only the events after that
/// returned position are applied, so a redelivered event changes nothing and every event counts exactly once. The
/// upsert also serializes two silos briefly applying the same queue: the second waits for the first's row and then
/// sees it. The events are folded in memory (<see cref="ReportBatch"/>) and written as a few multi-row statements
/// in key order, instead of two statements per event.
/// </summary>
public sealed class ReportProjection(IProjectionDatabase database, IOptions<ReportOptions> options)
{
    /// <summary>The consumer's name (dead letters are recorded under it).</summary>
    public const string ConsumerName = "reports";

    private const string AdvanceSuffix = """
        ON CONFLICT (grain_type, grain_key) DO UPDATE SET
            prev_version = report_streams.version, prev_idx = report_streams.idx, version = excluded.version, idx = excluded.idx
        WHERE report_streams.version < excluded.version
           OR (report_streams.version = excluded.version AND report_streams.idx < excluded.idx)
        RETURNING grain_type, grain_key, prev_version, prev_idx
        """;

    private static readonly string[] LedgerColumns =
    [
        "amount", "bonus", "discount", "points_redeemed", "balance_charged", "points_earned", "balance_refunded",
        "points_reversed", "points_restored", "balance_delta", "points_delta", "principal_delta", "bonus_delta",
    ];

    private static readonly string AddLedgerSuffix =
        "ON CONFLICT (day, store_id, type) DO UPDATE SET entries = report_ledger.entries + excluded.entries, "
        + string.Join(", ", LedgerColumns.Select(c => $"{c} = report_ledger.{c} + excluded.{c}"));

    private const string AddCouponsSuffix = """
        ON CONFLICT (day, store_id, campaign_id) DO UPDATE SET issued = report_coupons.issued + excluded.issued,
            redeemed = report_coupons.redeemed + excluded.redeemed, restored = report_coupons.restored + excluded.restored,
            discount = report_coupons.discount + excluded.discount
        """;

    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>Applies a batch of events (of the grain types "card", "member" and "coupon-issuer").</summary>
    public async Task DeliverAsync(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var reported = events.Where(ReportBatch.IsReported).ToList();
        if (reported.Count == 0) return;
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var applied = await AdvanceAsync(connection, transaction, reported, cancellationToken).ConfigureAwait(false);
        var batch = new ReportBatch(DayOf);
        foreach (var item in reported)
        {
            if (applied.TryGetValue((item.Namespace, item.Key), out var before) && item.Sequence > before) batch.Add(item);
        }
        await WriteAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The report day of an instant.</summary>
    public DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

    // Moves every stream of the batch to its last sequence in the batch; returns, for each stream that moved, the
    // position it moved from (streams already at or past the batch are absent: nothing of theirs is new).
    private static async Task<Dictionary<(string, string), StreamSequence>> AdvanceAsync(
        DbConnection connection, DbTransaction transaction, List<StreamEvent> reported, CancellationToken cancellationToken)
    {
        var last = new SortedDictionary<(string Type, string Key), StreamSequence>(StreamOrder.Instance);
        foreach (var item in reported)
        {
            var stream = (item.Namespace, item.Key);
            if (!last.TryGetValue(stream, out var seen) || item.Sequence > seen) last[stream] = item.Sequence;
        }
        var moved = new Dictionary<(string, string), StreamSequence>();
        var rows = last.Select(s => new object?[] { s.Key.Type, s.Key.Key, s.Value.Version, (long)s.Value.Index }).ToList();
        foreach (var chunk in ValueChunks(rows))
        {
            await using var command = ValuesCommand(connection, transaction,
                "INSERT INTO report_streams (grain_type, grain_key, version, idx)", chunk, AdvanceSuffix);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                moved[(reader.GetString(0), reader.GetString(1))] =
                    new StreamSequence(reader.GetInt64(2), Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture));
            }
        }
        return moved;
    }

    // Tables in a fixed order, rows in key order: the lock order every batch follows.
    private static async Task WriteAsync(DbConnection connection, DbTransaction transaction, ReportBatch batch, CancellationToken cancellationToken)
    {
        await ExecuteValuesAsync(connection, transaction, "INSERT INTO report_members (member_id, store_id, day, month)",
            [.. batch.Members.Select(m => new object?[] { m.Key, m.Value.Store, m.Value.Day, MonthOf(m.Value.Day) })],
            "ON CONFLICT (member_id) DO NOTHING", cancellationToken).ConfigureAwait(false);
        await ExecuteValuesAsync(connection, transaction, "INSERT INTO report_cards (card_no, member_id)",
            [.. batch.Cards.Select(c => new object?[] { c.Key, c.Value })],
            "ON CONFLICT (card_no) DO NOTHING", cancellationToken).ConfigureAwait(false);
        // The member comes from report_cards (cards opened earlier, or in this batch: written just above).
        await ExecuteValuesAsync(connection, transaction,
            "INSERT INTO report_activity (day, store_id, member_id, kind, month) "
            + "SELECT v.column1, v.column2, c.member_id, v.column4, v.column5 FROM (",
            [.. batch.Activity.Select(a => new object?[] { a.Day, a.Store, a.Card, a.Kind, MonthOf(a.Day) })],
            ") AS v JOIN report_cards c ON c.card_no = v.column3 WHERE true ON CONFLICT (day, store_id, member_id, kind) DO NOTHING",
            cancellationToken).ConfigureAwait(false);
        await ExecuteValuesAsync(connection, transaction,
            $"INSERT INTO report_ledger (day, store_id, type, entries, {string.Join(", ", LedgerColumns)})",
            [.. batch.Ledger.Select(l => new object?[] { l.Key.Day, l.Key.Store, l.Key.Type }.Concat(l.Value.Cast<object?>()).ToArray())],
            AddLedgerSuffix, cancellationToken).ConfigureAwait(false);
        await ExecuteValuesAsync(connection, transaction,
            "INSERT INTO report_coupons (day, store_id, campaign_id, issued, redeemed, restored, discount)",
            [.. batch.Coupons.Select(c => new object?[] { c.Key.Day, c.Key.Store, c.Key.Campaign }.Concat(c.Value.Cast<object?>()).ToArray())],
            AddCouponsSuffix, cancellationToken).ConfigureAwait(false);
    }

    private sealed class StreamOrder : IComparer<(string Type, string Key)>
    {
        public static readonly StreamOrder Instance = new();

        public int Compare((string Type, string Key) x, (string Type, string Key) y)
        {
            var c = string.CompareOrdinal(x.Type, y.Type);
            return c != 0 ? c : string.CompareOrdinal(x.Key, y.Key);
        }
    }

    internal static string MonthOf(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
