using System.Globalization;
using MemberCard.Grains.Reporting;

namespace MemberCard.Server.Reports;

/// <summary>The CSV shape of the daily ledger export: one line per day, store and entry type.</summary>
internal static class LedgerCsv
{
    public static readonly string[] Header =
    [
        "day", "storeId", "type", "entries", "amount", "bonus", "discount", "pointsRedeemed", "balanceCharged", "pointsEarned",
        "balanceRefunded", "pointsReversed", "pointsRestored", "balanceDelta", "pointsDelta", "principalDelta", "bonusDelta",
    ];

    public static string Line(LedgerTotals r) => string.Join(',',
        r.Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", Cell(r.StoreId), Cell(r.Type),
        N(r.Entries), N(r.Amount), N(r.Bonus), N(r.Discount), N(r.PointsRedeemed), N(r.BalanceCharged), N(r.PointsEarned),
        N(r.BalanceRefunded), N(r.PointsReversed), N(r.PointsRestored), N(r.BalanceDelta), N(r.PointsDelta), N(r.PrincipalDelta), N(r.BonusDelta));

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    // Quotes text cells, doubles quotes, and defuses spreadsheet formulas (a cell starting with = + - @ runs as one).
    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var safe = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
