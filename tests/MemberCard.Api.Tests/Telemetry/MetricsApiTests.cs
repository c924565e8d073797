using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace MemberCard.Api.Tests.Telemetry;

/// <summary>Metrics: the POS counters and histograms move by what the requests did; /metrics serves them to the admin.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsApiTests
{
    [Fact]
    public async Task PosCountersAndHistogramsMoveByWhatTheRequestsDid()
    {
        var exported = new Recorded<MetricSnapshot>();
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, services: services =>
            services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(exported)));
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 20000, "S001"); // +2000 bonus: 22000
        var before = Collect(app, exported);

        for (var i = 1; i <= 3; i++) await pos.PurchaseAsync(cardNo, $"A-{i}", "S001", 1000, 1000);
        var refused = await pos.PostPurchaseAsync(cardNo, PosClient.Purchase("A-4", "S001", 50000, 50000));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var after = Collect(app, exported);

        Assert.Equal(3, Sum(after, before, "membercard.pos.operations", ("operation", "purchase"), ("outcome", "ok")));
        Assert.Equal(1, Sum(after, before, "membercard.pos.operations", ("operation", "purchase"), ("outcome", "insufficient_balance")));
        Assert.Equal(3, Count(after, before, "membercard.pos.duration", ("operation", "purchase"), ("outcome", "ok")));
        Assert.Equal(1, Count(after, before, "membercard.pos.duration", ("operation", "purchase"), ("outcome", "insufficient_balance")));
        Assert.Equal(3000, Sum(after, before, "membercard.money.moved", ("kind", "purchase")));
        Assert.Equal(30, Sum(after, before, "membercard.points.moved", ("kind", "purchase"))); // a point per yuan (100 minor units)
        Assert.True(Count(after, before, "membercard.commit.size") >= 3, "every purchase went through a group commit");
        Assert.True(Count(after, before, "membercard.commit.duration") >= 3);
    }

    [Fact]
    public async Task MetricsEndpointServesPrometheusTextToTheAdminOnly()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 10000, "S001");
        var till = await PosClient.ExpectAsync(
            await pos.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001", name = "Till" }), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClientWithKey(null).GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClientWithKey(till.Text("apiKey")).GetAsync("/metrics")).StatusCode);
        var response = await app.CreateAdminClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("membercard_pos_operations_total{", text);
        Assert.Contains("membercard_pos_duration_seconds_bucket{", text);
        Assert.Contains("membercard_commit_size_bucket{", text);
        Assert.Contains("membercard_commit_duration_seconds_bucket{", text);
        Assert.Contains("membercard_money_moved_total{", text);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text);
        Assert.Contains("dotnet_gc_collections_total", text);
        Assert.Contains("orleans_catalog_activations", text);
        Assert.DoesNotContain(cardNo, text);
        Assert.Matches("(?m)^membercard_stream_lag(_ratio)?({[^}]*})? [0-9]", await ScrapeUntilAsync(app, "membercard_stream_lag"));
    }

    [Fact]
    public async Task MetricsPortAnswersOnlyMetricsAndWithoutCredential()
    {
        const int port = 9464;
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, new Dictionary<string, string?> { ["Metrics:Port"] = $"{port}" });

        var metrics = await app.Server.SendAsync(c => (c.Request.Path, c.Connection.LocalPort) = ("/metrics", port));
        var other = await app.Server.SendAsync(c => (c.Request.Path, c.Connection.LocalPort) = ("/health/live", port));
        // The Host header is the caller's to write: only the port the connection came in on opens the door.
        var spoofed = await app.Server.SendAsync(c => (c.Request.Path, c.Request.Host) = ("/metrics", new($"localhost:{port}")));

        Assert.Equal(StatusCodes.Status200OK, metrics.Response.StatusCode);
        Assert.Equal(StatusCodes.Status404NotFound, other.Response.StatusCode);
        Assert.Equal(StatusCodes.Status401Unauthorized, spoofed.Response.StatusCode);
    }

    // The lag gauge answers the count its previous scrape started, so the first scrape may not carry it yet.
    private static async Task<string> ScrapeUntilAsync(MemberCardApplication app, string name)
    {
        var admin = app.CreateAdminClient();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); ; await Task.Delay(50))
        {
            var text = await admin.GetStringAsync("/metrics");
            if (text.Contains(name + "{", StringComparison.Ordinal) || text.Contains(name + " ", StringComparison.Ordinal)) return text;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} never appeared in /metrics");
        }
    }

    private static List<MetricSnapshot> Collect(MemberCardApplication app, Recorded<MetricSnapshot> exported)
    {
        exported.Clear();
        // The Prometheus reader has nothing to flush and answers false; the in-memory reader exports.
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var metrics = exported.Snapshot();
        Assert.NotEmpty(metrics);
        return metrics;
    }

    private static long Sum(List<MetricSnapshot> after, List<MetricSnapshot> before, string name, params (string Key, string Value)[] tags) =>
        Total(after, name, tags, p => p.GetSumLong()) - Total(before, name, tags, p => p.GetSumLong());

    private static long Count(List<MetricSnapshot> after, List<MetricSnapshot> before, string name, params (string Key, string Value)[] tags) =>
        Total(after, name, tags, p => p.GetHistogramCount()) - Total(before, name, tags, p => p.GetHistogramCount());

    // Cumulative points: the sum over the points that carry every given tag.
    private static long Total(List<MetricSnapshot> metrics, string name, (string Key, string Value)[] tags, Func<MetricPoint, long> value)
    {
        var total = 0L;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (var point in metric.MetricPoints)
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags) pointTags[tag.Key] = tag.Value;
                if (tags.All(t => Equals(pointTags.GetValueOrDefault(t.Key), t.Value))) total += value(point);
            }
        }
        return total;
    }
}
