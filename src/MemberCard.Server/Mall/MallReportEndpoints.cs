using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Grains.Mall;
using MemberCard.Grains.Reporting;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MemberCard.Server.Mall;

/// <summary>/api/v1/reports/mall: points spent in the mall and the top rewards (admin, finance; store managers for their store).</summary>
public static class MallReportEndpoints
{
    private const string DayPattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    private const int MaxTop = 50;

    private static readonly string[] ChainWideRoles = [Roles.Admin, Roles.Finance];

    public static void MapMallReportEndpoints(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Caller.ReportsPolicy);
        reports.MapGet("/mall", ChainMallReport).WithName(nameof(ChainMallReport)).WithSummary("Points spent in the mall and the top rewards, chain-wide (admin, finance)")
            .WithDescription($"From `from` to `to` (dates in the reports' time zone, default the last {ReportRange.DefaultDays} days): points spent "
                + "net of cancellations, exchanges, cancellations, and the `top` rewards (default 10) by exchanges. Counted from the committed "
                + "exchanges (docs/mall.md). Store managers read their store's (`/reports/stores/{storeId}/mall`).")
            .AdmitsOnly(ChainWideRoles)
            .CanFail(ErrorCodes.ValidationFailed);
        reports.MapGet("/stores/{storeId}/mall", StoreMallReport).WithName(nameof(StoreMallReport)).WithSummary("One store's points spent in the mall and its top rewards")
            .WithDescription("Like the chain-wide mall report, for the exchanges made at one store.")
            .CanFail(ErrorCodes.ValidationFailed);
    }

    public static Task<Ok<MallReportResponse>> ChainMallReport(
        [RegularExpression(DayPattern)] string? from, [RegularExpression(DayPattern)] string? to, [Range(1, MaxTop)] int? top,
        ClaimsPrincipal user, MallCatalogue catalogue, IOptions<ReportOptions> options, TimeProvider clock)
    {
        if (!ChainWideRoles.Any(user.IsInRole))
            throw new DomainException(ErrorCodes.Forbidden, "Chain-wide reports are for admin and finance; store managers read their store's.");
        return ReportAsync(from, to, null, top, catalogue, options.Value, clock);
    }

    public static Task<Ok<MallReportResponse>> StoreMallReport(
        string storeId, [RegularExpression(DayPattern)] string? from, [RegularExpression(DayPattern)] string? to, [Range(1, MaxTop)] int? top,
        ClaimsPrincipal user, MallCatalogue catalogue, IOptions<ReportOptions> options, TimeProvider clock)
    {
        if (!user.IsInRole(Roles.Finance)) Caller.RequireStore(user, storeId);
        return ReportAsync(from, to, storeId, top, catalogue, options.Value, clock);
    }

    private static async Task<Ok<MallReportResponse>> ReportAsync(
        string? from, string? to, string? storeId, int? top, MallCatalogue catalogue, ReportOptions options, TimeProvider clock)
    {
        var count = top ?? 10;
        if (count is < 1 or > MaxTop) throw DomainException.Invalid("top", $"top is 1–{MaxTop}.");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var (first, last, _) = ReportRange.Parse(from, to, null, today);
        var figures = await catalogue.FiguresAsync(StartOf(first, zone), StartOf(last.AddDays(1), zone), storeId, count);
        return TypedResults.Ok(new MallReportResponse(Day(first), Day(last), storeId, figures.PointsSpent, figures.Exchanges, figures.Cancellations, figures.TopRewards));
    }

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
