using System.Net;
using MemberCard.Grains.Reporting;
using MemberCard.Server.Reports;

namespace MemberCard.Api.Tests.Hardening;

/// <summary>Report dates: every date a client can send is 200 or a 400 naming the field; limits hold at their edges.</summary>
public sealed class ReportRangeApiTests
{
    [Theory]
    [InlineData("/api/v1/reports/summary?from=9999-12-30&to=9999-12-31", "from")]
    [InlineData("/api/v1/reports/summary?from=0001-01-01&to=9999-12-31", "from")]
    [InlineData("/api/v1/reports/summary?from=0001-01-01&to=9999-12-31&period=week", "from")]
    [InlineData("/api/v1/reports/summary?from=0001-01-01&to=9999-12-31&period=month", "from")]
    [InlineData("/api/v1/reports/summary?from=2026-01-01&to=9999-12-31&period=month", "to")]
    [InlineData("/api/v1/reports/summary?to=0001-01-01", "to")]
    [InlineData("/api/v1/reports/export?from=9999-12-30&to=9999-12-31", "from")]
    [InlineData("/api/v1/reports/stores/S001/summary?from=9999-12-30&to=9999-12-31&period=week", "from")]
    [InlineData("/api/v1/reports/stores/S001/export?from=0001-01-01&to=9999-12-31", "from")]
    [InlineData("/api/v1/reports/summary?from=1900-01-01&to=2999-12-31&period=month", "to")]
    [InlineData("/api/v1/reports/summary?from=2026-01-01&to=2027-02-05", "to")]
    [InlineData("/api/v1/reports/cohorts?from=0001-01&to=9999-12", "from")]
    [InlineData("/api/v1/reports/cohorts?from=2000-01&to=2010-01", "to")]
    public async Task DatesBeyondTheRangeOrSpanAreValidationProblemsNamingTheField(string url, string field)
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");

        await ProblemAssert.ValidationAsync(await admin.Http.GetAsync(url), field);
    }

    [Fact]
    public async Task TheEdgesOfTheRangeAndTheLargestSpansAnswerOk()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var http = app.CreateAdminClient();

        foreach (var (url, periods) in new[]
        {
            ("/api/v1/reports/summary?from=2999-12-31&to=2999-12-31", 1),
            ("/api/v1/reports/summary?from=2999-12-01&to=2999-12-31&period=month", 1),
            ("/api/v1/reports/summary?from=2999-12-25&to=2999-12-31&period=week", 2),
            ("/api/v1/reports/summary?from=1900-01-01&to=1900-01-01&period=week", 1),
            ("/api/v1/reports/summary?to=1900-01-05", 5),
            ("/api/v1/reports/summary?from=2026-01-01&to=2027-02-04", 400),
            ("/api/v1/reports/summary?from=2026-01-05&to=2033-09-04&period=week", 400),
            ("/api/v1/reports/summary?from=2000-01-31&to=2033-04-01&period=month", 400),
        })
        {
            var body = await PosClient.ExpectAsync(await http.GetAsync(url), HttpStatusCode.OK);
            Assert.True(periods == body.GetProperty("items").GetArrayLength(), url);
        }
        await PosClient.ExpectAsync(await http.GetAsync("/api/v1/reports/cohorts?from=2000-01&to=2009-12"), HttpStatusCode.OK);
        var export = await http.GetAsync("/api/v1/reports/export?from=2999-12-31&to=2999-12-31");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
    }

    [Fact]
    public void PeriodCountByArithmeticEqualsThePeriodsWalked()
    {
        var random = new Random(20);
        for (var i = 0; i < 2000; i++)
        {
            var from = ReportRange.FirstDay.AddDays(random.Next(0, ReportRange.LastDay.DayNumber - ReportRange.FirstDay.DayNumber - 3000));
            var to = from.AddDays(random.Next(0, 3000));
            foreach (var period in new[] { ReportPeriod.Day, ReportPeriod.Week, ReportPeriod.Month })
                Assert.True(ReportQueries.Periods(from, to, period).Count == ReportRange.PeriodCount(from, to, period), $"{from} {to} {period}");
        }
    }
}
