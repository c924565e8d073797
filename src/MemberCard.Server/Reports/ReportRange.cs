using System.Globalization;
using MemberCard.Grains.Reporting;
using MemberCard.Server.Api.Errors;

namespace MemberCard.Server.Reports;

/// <summary>
/// The date range of a report request, checked before anything is computed: each date within
/// [<see cref="FirstDay"/>, <see cref="LastDay"/>], from not after to, and the number of periods counted by
/// arithmetic (never by walking the range) against <see cref="ReportQueries.MaxPeriods"/>. Inside these bounds the
/// period arithmetic cannot overflow <see cref="DateOnly"/>. docs/reports.md states the same limits.
/// </summary>
public static class ReportRange
{
    /// <summary>Earliest date a report accepts.</summary>
    public static readonly DateOnly FirstDay = new(1900, 1, 1);

    /// <summary>Latest date a report accepts.</summary>
    public static readonly DateOnly LastDay = new(2999, 12, 31);

    /// <summary>Most months one cohort request may span.</summary>
    public const int MaxCohortMonths = 120;

    /// <summary>Default range: the last 30 days up to <c>to</c>.</summary>
    public const int DefaultDays = 30;

    /// <summary>Parses and checks from, to and period; the defaults are the last 30 days up to today, by day.</summary>
    public static (DateOnly From, DateOnly To, ReportPeriod Period) Parse(string? from, string? to, string? period, DateOnly today)
    {
        var grouping = period?.ToLowerInvariant() switch
        {
            null or "day" => ReportPeriod.Day,
            "week" => ReportPeriod.Week,
            "month" => ReportPeriod.Month,
            _ => throw Invalid("period", "period is day, week or month."),
        };
        var errors = new Dictionary<string, string[]>();
        var end = to is null ? today : Day("to", to, errors);
        var start = from is null ? Max(FirstDay, end.AddDays(1 - DefaultDays)) : Day("from", from, errors);
        if (errors.Count > 0) throw new RequestValidationException(errors);
        if (start > end) throw Invalid("from", "from must not be after to.");
        if (PeriodCount(start, end, grouping) > ReportQueries.MaxPeriods)
            throw Invalid("to", $"At most {ReportQueries.MaxPeriods} periods per request; use a longer period or a shorter range.");
        return (start, end, grouping);
    }

    /// <summary>Parses and checks cohort months (yyyy-MM); the defaults are the 12 months up to this one.</summary>
    public static (string From, string To) ParseMonths(string? from, string? to, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        var last = to is null ? new DateOnly(today.Year, today.Month, 1) : Month("to", to, errors);
        var first = from is null ? Max(FirstDay, last.AddMonths(-11)) : Month("from", from, errors);
        if (errors.Count > 0) throw new RequestValidationException(errors);
        if (first > last) throw Invalid("from", "from must not be after to.");
        if (MonthIndex(last) - MonthIndex(first) + 1 > MaxCohortMonths)
            throw Invalid("to", $"At most {MaxCohortMonths} months per request.");
        return (Text(first), Text(last));

        static string Text(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>How many periods cover [from, to]: weeks run Monday–Sunday (day 0 of <see cref="DateOnly"/> is a Monday).</summary>
    public static long PeriodCount(DateOnly from, DateOnly to, ReportPeriod period) => period switch
    {
        ReportPeriod.Day => (long)to.DayNumber - from.DayNumber + 1,
        ReportPeriod.Week => (long)to.DayNumber / 7 - from.DayNumber / 7 + 1,
        _ => MonthIndex(to) - MonthIndex(from) + 1,
    };

    private static long MonthIndex(DateOnly day) => day.Year * 12L + day.Month - 1;

    // A bad date is noted in errors and stood in for by FirstDay, so both fields are checked before the request is refused.
    private static DateOnly Day(string field, string text, Dictionary<string, string[]> errors)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            errors[field] = [$"{field} is a date (yyyy-MM-dd)."];
        else if (day < FirstDay || day > LastDay) errors[field] = [$"{field} must be between 1900-01-01 and 2999-12-31."];
        else return day;
        return FirstDay;
    }

    private static DateOnly Month(string field, string text, Dictionary<string, string[]> errors)
    {
        if (text.Length != 7 || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            errors[field] = [$"{field} is a month (yyyy-MM)."];
        else if (month < FirstDay || month > LastDay) errors[field] = [$"{field} must be between 1900-01 and 2999-12."];
        else return month;
        return FirstDay;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static RequestValidationException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
