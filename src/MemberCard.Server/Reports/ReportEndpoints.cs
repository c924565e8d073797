using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Grains.Reporting;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MemberCard.Server.Reports;

/// <summary>
/// /api/v1/reports (admin, finance; store managers for their own store): period summaries, retention cohorts and
/// a streamed CSV of the daily ledger figures. Figures are defined in docs/reports.md.
/// </summary>
public static class ReportEndpoints
{
    private static readonly string[] ChainWideRoles = [Roles.Admin, Roles.Finance];
    private const string Csv = "text/csv";
    private const string DayPattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    private const string MonthPattern = "^[0-9]{4}-[0-9]{2}$";

    public static void MapReportEndpoints(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Caller.ReportsPolicy);
        reports.MapGet("/summary", ChainSummary).WithName(nameof(ChainSummary))
            .AdmitsOnly(ChainWideRoles)
            .WithSummary("Chain-wide figures per day, week or month (admin, finance)")
            .WithDescription($"Figures (docs/reports.md) for each period from `from` to `to` (dates, default the last {ReportRange.DefaultDays} days "
                + $"to today in the chain's time zone); at most {ReportQueries.MaxPeriods} periods. Store managers read their own store's (`/reports/stores/{{storeId}}/summary`).")
            .CanFail(ErrorCodes.ValidationFailed);
        reports.MapGet("/stores/{storeId}/summary", StoreSummary).WithName(nameof(StoreSummary))
            .WithSummary("One store's figures per day, week or month")
            .WithDescription("Like the chain-wide summary, for one store.")
            .CanFail(ErrorCodes.ValidationFailed);
        reports.MapGet("/cohorts", Cohorts).WithName(nameof(Cohorts))
            .AdmitsOnly(ChainWideRoles)
            .WithSummary("Retention cohorts by registration month (admin, finance)")
            .WithDescription("Members registered in each month from `from` to `to` (yyyy-MM, default the last 12 months) and how many "
                + "were active in each later month.")
            .CanFail(ErrorCodes.ValidationFailed);
        reports.MapGet("/export", ChainExport).WithName(nameof(ChainExport))
            .AdmitsOnly(ChainWideRoles)
            .WithSummary("Daily ledger figures per store and entry type as CSV, streamed (admin, finance)")
            .WithDescription($"A CSV attachment (header line first: {string.Join(',', LedgerCsv.Header)}) for the days from `from` to `to`.")
            .Produces<string>(StatusCodes.Status200OK, Csv)
            .CanFail(ErrorCodes.ValidationFailed);
        reports.MapGet("/stores/{storeId}/export", StoreExport).WithName(nameof(StoreExport))
            .WithSummary("One store's daily ledger figures per entry type as CSV, streamed")
            .WithDescription("Like the chain-wide export, for one store.")
            .Produces<string>(StatusCodes.Status200OK, Csv)
            .CanFail(ErrorCodes.ValidationFailed);
    }

    internal static async Task<Ok<ReportResponse>> ChainSummary(
        [RegularExpression(DayPattern)] string? from, [RegularExpression(DayPattern)] string? to, [AllowedValues("day", "week", "month")] string? period, ClaimsPrincipal user, ReportQueries queries, IOptions<ReportOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        RequireChainWide(user);
        var (start, end, grouping) = ParseRange(from, to, period, options.Value, clock);
        return TypedResults.Ok(new ReportResponse(grouping.ToString().ToLowerInvariant(), await queries.SummariesAsync(start, end, grouping, null, cancellationToken)));
    }

    internal static async Task<Ok<ReportResponse>> StoreSummary(
        string storeId, [RegularExpression(DayPattern)] string? from, [RegularExpression(DayPattern)] string? to,
        [AllowedValues("day", "week", "month")] string? period, ClaimsPrincipal user, ReportQueries queries, IOptions<ReportOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        RequireStoreOrChainWide(user, storeId);
        var (start, end, grouping) = ParseRange(from, to, period, options.Value, clock);
        return TypedResults.Ok(new ReportResponse(grouping.ToString().ToLowerInvariant(), await queries.SummariesAsync(start, end, grouping, storeId, cancellationToken)));
    }

    internal static async Task<Ok<CohortResponse>> Cohorts(
        [RegularExpression(MonthPattern)] string? from, [RegularExpression(MonthPattern)] string? to, ClaimsPrincipal user, ReportQueries queries, IOptions<ReportOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        RequireChainWide(user);
        var (first, last) = ReportRange.ParseMonths(from, to, Today(options.Value, clock));
        return TypedResults.Ok(new CohortResponse(await queries.CohortsAsync(first, last, cancellationToken)));
    }

    internal static Task ChainExport(
        HttpContext context, [RegularExpression(DayPattern)] string? from, [RegularExpression(DayPattern)] string? to, ReportQueries queries, IOptions<ReportOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        RequireChainWide(context.User);
        var (start, end, _) = ParseRange(from, to, null, options.Value, clock);
        return WriteCsvAsync(context, queries.LedgerRowsAsync(start, end, null, cancellationToken), "report-ledger.csv", cancellationToken);
    }

    internal static Task StoreExport(
        HttpContext context, string storeId, [RegularExpression(DayPattern)] string? from, [RegularExpression(DayPattern)] string? to, ReportQueries queries, IOptions<ReportOptions> options, TimeProvider clock,
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
        if (ChainWideRoles.Any(user.IsInRole)) return;
        throw new DomainException(ErrorCodes.Forbidden, "Chain-wide reports are for admin and finance; store managers read their store's.");
    }

    private static (DateOnly From, DateOnly To, ReportPeriod Period) ParseRange(string? from, string? to, string? period, ReportOptions options, TimeProvider clock) =>
        ReportRange.Parse(from, to, period, Today(options, clock));

    private static DateOnly Today(ReportOptions options, TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone)).DateTime);
}

/// <summary>Report summaries, one per period.</summary>
public sealed record ReportResponse([property: AllowedValues("day", "week", "month")] string Period, IReadOnlyList<ReportSummary> Items);

/// <summary>Retention cohorts, oldest first.</summary>
public sealed record CohortResponse(IReadOnlyList<RetentionCohort> Items);
