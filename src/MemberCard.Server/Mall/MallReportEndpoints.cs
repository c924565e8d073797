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

    public static void MapMallReportEndpoints(this RouteGroupBuilder api)
    {
        api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Caller.ReportsPolicy)
            .MapGet("/mall", MallReport).WithName(nameof(MallReport)).WithSummary("Points spent in the mall and the top rewards")
            .WithDescription($"From `from` to `to` (dates in the reports' time zone, default the last {ReportRange.DefaultDays} days): points spent "
                + "net of cancellations, exchanges, cancellations, and the `top` rewards (default 10) by exchanges. `storeId` keeps one store "
                + "(store managers: their own, required). Counted from the committed exchanges (docs/mall.md).")
            .CanFail(ErrorCodes.ValidationFailed);
    }

    public static async Task<Ok<MallReportResponse>> MallReport(
        [RegularExpression(DayPattern)] string? from, [RegularExpression(DayPattern)] string? to, string? storeId, [Range(1, MaxTop)] int? top,
        ClaimsPrincipal user, MallCatalogue catalogue, IOptions<ReportOptions> options, TimeProvider clock)
    {
        if (storeId is null && !user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.Finance))
            throw new DomainException(ErrorCodes.Forbidden, "Chain-wide reports are for admin and finance; store managers read their store's.");
        if (storeId is not null && !user.IsInRole(Roles.Finance)) Caller.RequireStore(user, storeId);
        var count = top ?? 10;
        if (count is < 1 or > MaxTop) throw DomainException.Invalid("top", $"top is 1–{MaxTop}.");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
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
