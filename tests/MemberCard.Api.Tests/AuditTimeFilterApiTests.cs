using Microsoft.Extensions.Time.Testing;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>GET /audit and /audit/export with from/to: the server filters by time, bad bounds are 400.</summary>
public abstract class AuditTimeFilterApiTests : ApiTests
{
    [StorageFact]
    public async Task FromAndToKeepTheEntriesOfTheRangeInListAndExport()
    {
        var clock = new FakeTimeProvider(DomainApi.Start); // 2026-01-01T00:00Z
        await using var app = await StartAsync(services: DomainApi.WithClock(clock));
        var admin = app.CreateAdminPos();
        for (var hour = 0; hour < 6; hour++)
        {
            await admin.CreateStoreAsync($"S00{hour}");
            clock.Advance(TimeSpan.FromHours(1));
        }

        var page = await admin.GetJsonAsync("/api/v1/audit?action=store.create&from=2026-01-01T02:00:00Z&to=2026-01-01T04:00:00Z");
        Assert.Equal(["S003", "S002"], page.Field("items").EnumerateArray().Select(e => e.Text("target")));
        // An offset is honoured; a bound without one is UTC.
        var shifted = await admin.GetJsonAsync("/api/v1/audit?action=store.create&from=2026-01-01T13:00:00%2B08:00&to=2026-01-01T06:00:00");
        Assert.Equal(["S005"], shifted.Field("items").EnumerateArray().Select(e => e.Text("target")));
        // Paging inside the range, and the scan stops once it is past `from`: no cursor into older entries.
        var first = await admin.GetJsonAsync("/api/v1/audit?action=store.create&from=2026-01-01T03:00:00Z&limit=2");
        Assert.Equal(["S005", "S004"], first.Field("items").EnumerateArray().Select(e => e.Text("target")));
        var second = await admin.GetJsonAsync($"/api/v1/audit?action=store.create&from=2026-01-01T03:00:00Z&limit=2&cursor={first.Text("nextCursor")}");
        Assert.Equal(["S003"], second.Field("items").EnumerateArray().Select(e => e.Text("target")));
        Assert.Null(second.Str("nextCursor"));

        var csv = await (await admin.Http.GetAsync("/api/v1/audit/export?from=2026-01-01T01:00:00Z&to=2026-01-01T03:00:00Z")).Content.ReadAsStringAsync();
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("\"S002\"", rows[0]);
        Assert.Contains("\"S001\"", rows[1]);
    }

    [StorageFact]
    public async Task BadTimeBoundsAreValidationProblemsOnListAndExport()
    {
        await using var app = await StartAsync();
        var http = app.CreateAdminClient();
        foreach (var path in new[] { "/api/v1/audit", "/api/v1/audit/export" })
        {
            await ProblemAssert.ValidationAsync(await http.GetAsync($"{path}?from=yesterday"), "from");
            await ProblemAssert.ValidationAsync(await http.GetAsync($"{path}?to=2026-13-01T00:00:00Z"), "to");
            await ProblemAssert.ValidationAsync(await http.GetAsync($"{path}?from=0001-01-01T00:00:00Z"), "from");
            await ProblemAssert.ValidationAsync(await http.GetAsync($"{path}?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), "from");
            await ProblemAssert.ValidationAsync(await http.GetAsync($"{path}?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"), "from");
        }
    }
}

public sealed class SqliteAuditTimeFilterApiTests : AuditTimeFilterApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
