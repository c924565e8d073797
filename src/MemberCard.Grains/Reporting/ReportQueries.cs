using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using MemberCard.Runtime.Streams;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Grains.Reporting;

/// <summary>Reads the report tables: period summaries, ledger rows for export, retention cohorts.</summary>
public sealed class ReportQueries(IProjectionDatabase database)
{
    /// <summary>Most periods one summary request may span.</summary>
    public const int MaxPeriods = 400;

    private const string LedgerSums = """
        CAST(coalesce(sum(entries), 0) AS bigint), CAST(coalesce(sum(amount), 0) AS bigint), CAST(coalesce(sum(bonus), 0) AS bigint),
        CAST(coalesce(sum(discount), 0) AS bigint), CAST(coalesce(sum(points_redeemed), 0) AS bigint), CAST(coalesce(sum(balance_charged), 0) AS bigint),
        CAST(coalesce(sum(points_earned), 0) AS bigint), CAST(coalesce(sum(balance_refunded), 0) AS bigint), CAST(coalesce(sum(points_reversed), 0) AS bigint),
        CAST(coalesce(sum(points_restored), 0) AS bigint), CAST(coalesce(sum(balance_delta), 0) AS bigint), CAST(coalesce(sum(points_delta), 0) AS bigint),
        CAST(coalesce(sum(principal_delta), 0) AS bigint), CAST(coalesce(sum(bonus_delta), 0) AS bigint)
        """;

    /// <summary>The periods covering [<paramref name="from"/>, <paramref name="to"/>], clipped to that range.</summary>
    public static IReadOnlyList<(DateOnly From, DateOnly To)> Periods(DateOnly from, DateOnly to, ReportPeriod period)
    {
        var result = new List<(DateOnly, DateOnly)>();
        var start = from;
        while (start <= to)
        {
            var end = period switch
            {
                ReportPeriod.Day => start,
                ReportPeriod.Week => start.AddDays((7 - ((int)start.DayOfWeek + 6) % 7) - 1),
                _ => new DateOnly(start.Year, start.Month, 1).AddMonths(1).AddDays(-1),
            };
            if (end > to) end = to;
            result.Add((start, end));
            start = end.AddDays(1);
        }
        return result;
    }

    /// <summary>One summary per period, for one store or chain-wide.</summary>
    public async Task<IReadOnlyList<ReportSummary>> SummariesAsync(DateOnly from, DateOnly to, ReportPeriod period, string? storeId, CancellationToken cancellationToken = default)
    {
        var periods = Periods(from, to, period);
        if (periods.Count > MaxPeriods) throw new ArgumentOutOfRangeException(nameof(to), $"At most {MaxPeriods} periods per request.");
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<ReportSummary>(periods.Count);
        foreach (var (start, end) in periods) result.Add(await SummaryAsync(connection, start, end, storeId, cancellationToken).ConfigureAwait(false));
        return result;
    }

    /// <summary>Ledger field sums per day, store and type, in that order, read row by row (for streaming exports).</summary>
    public async IAsyncEnumerable<LedgerTotals> LedgerRowsAsync(DateOnly from, DateOnly to, string? storeId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "SELECT day, store_id, type, entries, amount, bonus, discount, points_redeemed, balance_charged, points_earned, balance_refunded, "
            + "points_reversed, points_restored, balance_delta, points_delta, principal_delta, bonus_delta FROM report_ledger "
            + "WHERE day >= @from AND day <= @to" + (storeId is null ? "" : " AND store_id = @store") + " ORDER BY day, store_id, type",
            ("from", from), ("to", to));
        if (storeId is not null) Add(command, "store", storeId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            yield return ReadTotals(reader, 3, reader.GetString(2)) with { Day = reader.GetFieldValue<DateOnly>(0), StoreId = reader.GetString(1) };
    }

    /// <summary>Retention cohorts by registration month, for months <paramref name="fromMonth"/>..<paramref name="toMonth"/> (yyyy-MM).</summary>
    public async Task<IReadOnlyList<RetentionCohort>> CohortsAsync(string fromMonth, string toMonth, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sizes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using (var command = Command(connection, null,
            "SELECT month, count(*) FROM report_members WHERE month >= @from AND month <= @to GROUP BY month", ("from", fromMonth), ("to", toMonth)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) sizes[reader.GetString(0)] = reader.GetInt64(1);

        var active = new Dictionary<(string Cohort, string Month), long>();
        await using (var command = Command(connection, null, """
            SELECT m.month, a.month, count(DISTINCT a.member_id) FROM report_members m
            JOIN report_activity a ON a.member_id = m.member_id
            WHERE m.month >= @from AND m.month <= @to AND a.month >= m.month
            GROUP BY m.month, a.month
            """, ("from", fromMonth), ("to", toMonth)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) active[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);

        var lastMonth = active.Keys.Select(k => k.Month).Append(toMonth).Max(StringComparer.Ordinal)!;
        return [.. sizes.Select(s =>
        {
            var months = MonthsBetween(s.Key, lastMonth);
            return new RetentionCohort(s.Key, s.Value, [.. Enumerable.Range(0, months + 1).Select(k => active.GetValueOrDefault((s.Key, AddMonths(s.Key, k))))]);
        })];
    }

    private async Task<ReportSummary> SummaryAsync(DbConnection connection, DateOnly from, DateOnly to, string? storeId, CancellationToken cancellationToken)
    {
        var store = storeId is null ? "" : " AND store_id = @store";
        var byType = new List<LedgerTotals>();
        await using (var command = Filtered(connection, $"SELECT type, {LedgerSums} FROM report_ledger WHERE day >= @from AND day <= @to{store} GROUP BY type ORDER BY type", from, to, storeId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) byType.Add(ReadTotals(reader, 1, reader.GetString(0)));

        LedgerTotals toDate;
        await using (var command = Filtered(connection, $"SELECT {LedgerSums} FROM report_ledger WHERE day <= @to{store}", from, to, storeId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            toDate = ReadTotals(reader, 0, "*");
        }

        var newMembers = await ScalarAsync(connection, $"SELECT count(*) FROM report_members WHERE day >= @from AND day <= @to{store}", from, to, storeId, cancellationToken).ConfigureAwait(false);
        var active = await ScalarAsync(connection, $"SELECT count(DISTINCT member_id) FROM report_activity WHERE day >= @from AND day <= @to{store}", from, to, storeId, cancellationToken).ConfigureAwait(false);
        var purchasing = await ScalarAsync(connection, $"SELECT count(DISTINCT member_id) FROM report_activity WHERE kind = 'purchase' AND day >= @from AND day <= @to{store}", from, to, storeId, cancellationToken).ConfigureAwait(false);

        long issued = 0, redeemed = 0, restored = 0, couponDiscount = 0;
        await using (var command = Filtered(connection,
            "SELECT CAST(coalesce(sum(issued), 0) AS bigint), CAST(coalesce(sum(redeemed), 0) AS bigint), CAST(coalesce(sum(restored), 0) AS bigint), "
            + $"CAST(coalesce(sum(discount), 0) AS bigint) FROM report_coupons WHERE day >= @from AND day <= @to{store}", from, to, storeId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (issued, redeemed, restored, couponDiscount) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        LedgerTotals Of(string type) => byType.FirstOrDefault(t => t.Type == type) ?? new LedgerTotals { Type = type };
        var purchases = Of("purchase");
        var topUps = Of("top_up");
        var refunds = Of("refund");
        return new ReportSummary
        {
            From = from,
            To = to,
            StoreId = storeId,
            NewMembers = newMembers,
            ActiveMembers = active,
            PurchasingMembers = purchasing,
            Purchases = purchases.Entries,
            PurchaseAmount = purchases.Amount,
            Frequency = purchasing == 0 ? 0 : Math.Round((decimal)purchases.Entries / purchasing, 2, MidpointRounding.AwayFromZero),
            TopUps = topUps.Entries,
            TopUpPrincipal = topUps.Amount,
            TopUpBonus = topUps.Bonus,
            Refunds = refunds.Entries,
            RefundAmount = refunds.Amount,
            PointsIssued = byType.Sum(t => t.PointsEarned),
            PointsRedeemed = byType.Sum(t => t.PointsRedeemed),
            PointsRestored = byType.Sum(t => t.PointsRestored),
            PointsReversed = byType.Sum(t => t.PointsReversed),
            PointsExpired = -Of("points_expiry").PointsDelta,
            BalanceChange = byType.Sum(t => t.BalanceDelta),
            BalanceLiability = toDate.BalanceDelta,
            PrincipalLiability = toDate.PrincipalDelta,
            BonusLiability = toDate.BonusDelta,
            PointsLiability = toDate.PointsDelta,
            CouponsIssued = storeId is null ? issued : null,
            CouponsRedeemed = redeemed - restored,
            CouponsRestored = restored,
            CouponRedemptionRate = storeId is null && issued > 0 ? Math.Round((decimal)(redeemed - restored) / issued, 4, MidpointRounding.AwayFromZero) : null,
            CouponDiscount = couponDiscount,
            ByType = byType,
        };
    }

    private static DbCommand Filtered(DbConnection connection, string sql, DateOnly from, DateOnly to, string? storeId)
    {
        var command = Command(connection, null, sql);
        if (sql.Contains("@from", StringComparison.Ordinal)) Add(command, "from", from);
        Add(command, "to", to);
        if (storeId is not null) Add(command, "store", storeId);
        return command;
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql, DateOnly from, DateOnly to, string? storeId, CancellationToken cancellationToken)
    {
        await using var command = Filtered(connection, sql, from, to, storeId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static LedgerTotals ReadTotals(DbDataReader reader, int first, string type) => new()
    {
        Type = type,
        Entries = reader.GetInt64(first),
        Amount = reader.GetInt64(first + 1),
        Bonus = reader.GetInt64(first + 2),
        Discount = reader.GetInt64(first + 3),
        PointsRedeemed = reader.GetInt64(first + 4),
        BalanceCharged = reader.GetInt64(first + 5),
        PointsEarned = reader.GetInt64(first + 6),
        BalanceRefunded = reader.GetInt64(first + 7),
        PointsReversed = reader.GetInt64(first + 8),
        PointsRestored = reader.GetInt64(first + 9),
        BalanceDelta = reader.GetInt64(first + 10),
        PointsDelta = reader.GetInt64(first + 11),
        PrincipalDelta = reader.GetInt64(first + 12),
        BonusDelta = reader.GetInt64(first + 13),
    };

    private static int MonthsBetween(string from, string to)
    {
        var a = DateOnly.ParseExact(from + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var b = DateOnly.ParseExact(to + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Math.Max(0, (b.Year - a.Year) * 12 + b.Month - a.Month);
    }

    private static string AddMonths(string month, int months) =>
        DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(months).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
