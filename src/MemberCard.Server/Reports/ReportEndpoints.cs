using System.Globalization;
using System.Security.Claims;
using System.Text;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Grains.Reporting;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MemberCard.Server.Reports;

/// <summary>
/// /api/v1/reports (admin, finance; store managers for their own store): period summaries, retention cohorts and
/// a streamed CSV of the daily ledger figures. Figures are defined in docs/reports.md.
/// </summary>
public static class ReportEndpoints
{
    private const int DefaultDays = 30;

    public static void MapReportEndpoints(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Caller.ReportsPolicy);
        reports.MapGet("/summary", ChainSummary).WithName(nameof(ChainSummary))
            .WithSummary("Chain-wide figures per day, week or month (admin, finance)").ProducesProblem(400);
        reports.MapGet("/stores/{storeId}/summary", StoreSummary).WithName(nameof(StoreSummary))
            .WithSummary("One store's figures per day, week or month").ProducesProblem(400);
        reports.MapGet("/cohorts", Cohorts).WithName(nameof(Cohorts))
            .WithSummary("Retention cohorts by registration month (admin, finance)").ProducesProblem(400);
        reports.MapGet("/export", ChainExport).WithName(nameof(ChainExport))
            .WithSummary("Daily ledger figures per store and entry type as CSV, streamed (admin, finance)");
        reports.MapGet("/stores/{storeId}/export", StoreExport).WithName(nameof(StoreExport))
            .WithSummary("One store's daily ledger figures per entry type as CSV, streamed");
    }

    internal static async Task<Ok<ReportResponse>> ChainSummary(
        string? from, string? to, string? period, ClaimsPrincipal user, ReportQueries queries, IOptions<ReportOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        RequireChainWide(user);
        var (start, end, grouping) = ParseRange(from, to, period, options.Value, clock);
        return TypedResults.Ok(new ReportResponse(grouping.ToString().ToLowerInvariant(), await queries.SummariesAsync(start, end, grouping, null, cancellationToken)));
    }

    internal static async Task<Ok<ReportResponse>> StoreSummary(
        string storeId, string? from, string? to, string? period, ClaimsPrincipal user, ReportQueries queries, IOptions<ReportOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        RequireStoreOrChainWide(user, storeId);
        var (start, end, grouping) = ParseRange(from, to, period, options.Value, clock);
        return TypedResults.Ok(new ReportResponse(grouping.ToString().ToLowerInvariant(), await queries.SummariesAsync(start, end, grouping, storeId, cancellationToken)));
    }

    internal static async Task<Ok<CohortResponse>> Cohorts(
        string? from, string? to, ClaimsPrincipal user, ReportQueries queries, IOptions<ReportOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        RequireChainWide(user);
        var today = Today(options.Value, clock);
        var last = to ?? today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var first = from ?? today.AddMonths(-11).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (!IsMonth(first) || !IsMonth(last) || string.CompareOrdinal(first, last) > 0)
            throw Invalid("from", "from and to are months (yyyy-MM), from not after to.");
        return TypedResults.Ok(new CohortResponse(await queries.CohortsAsync(first, last, cancellationToken)));
    }

    internal static Task ChainExport(
        HttpContext context, string? from, string? to, ReportQueries queries, IOptions<ReportOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        RequireChainWide(context.User);
        var (start, end, _) = ParseRange(from, to, null, options.Value, clock);
        return WriteCsvAsync(context, queries.LedgerRowsAsync(start, end, null, cancellationToken), "report-ledger.csv", cancellationToken);
    }

    internal static Task StoreExport(
        HttpContext context, string storeId, string? from, string? to, ReportQueries queries, IOptions<ReportOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        RequireStoreOrChainWide(context.User, storeId);
        var (start, end, _) = ParseRange(from, to, null, options.Value, clock);
        return WriteCsvAsync(context, queries.LedgerRowsAsync(start, end, storeId, cancellationToken), $"report-ledger-{storeId}.csv", cancellationToken);
    }

    // Rows go out as the database reader yields them, flushed every few hundred: an export of years of
    // data never sits in memory.
    private static async Task WriteCsvAsync(HttpContext context, IAsyncEnumerable<LedgerTotals> rows, string fileName, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', LedgerCsv.Header));
        var n = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(LedgerCsv.Line(row));
            if (++n % 500 == 0) await writer.FlushAsync(cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }

    // Finance reads every store; a store-bound role (store manager) only its own.
    private static void RequireStoreOrChainWide(ClaimsPrincipal user, string storeId)
    {
        if (user.IsInRole(Roles.Finance)) return;
        Caller.RequireStore(user, storeId);
    }

    private static void RequireChainWide(ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Finance)) return;
        throw new DomainException(ErrorCodes.Forbidden, "Chain-wide reports are for admin and finance; store managers read their store's.");
    }

    private static (DateOnly From, DateOnly To, ReportPeriod Period) ParseRange(string? from, string? to, string? period, ReportOptions options, TimeProvider clock)
    {
        var end = to is null ? Today(options, clock) : ParseDay("to", to);
        var start = from is null ? end.AddDays(1 - DefaultDays) : ParseDay("from", from);
        if (start > end) throw Invalid("from", "from must not be after to.");
        var grouping = period?.ToLowerInvariant() switch
        {
            null or "day" => ReportPeriod.Day,
            "week" => ReportPeriod.Week,
            "month" => ReportPeriod.Month,
            _ => throw Invalid("period", "period is day, week or month."),
        };
        if (ReportQueries.Periods(start, end, grouping).Count > ReportQueries.MaxPeriods)
            throw Invalid("to", $"At most {ReportQueries.MaxPeriods} periods per request; use a longer period or a shorter range.");
        return (start, end, grouping);
    }

    private static DateOnly Today(ReportOptions options, TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone)).DateTime);

    private static DateOnly ParseDay(string field, string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : throw Invalid(field, $"{field} is a date (yyyy-MM-dd).");

    private static bool IsMonth(string text) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static RequestValidationException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Report summaries, one per period.</summary>
public sealed record ReportResponse(string Period, IReadOnlyList<ReportSummary> Items);

/// <summary>Retention cohorts, oldest first.</summary>
public sealed record CohortResponse(IReadOnlyList<RetentionCohort> Items);
