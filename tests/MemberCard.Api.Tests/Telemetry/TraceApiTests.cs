using System.Diagnostics;
using MemberCard.Runtime.Telemetry;
using MemberCard.Testing;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace MemberCard.Api.Tests.Telemetry;

/// <summary>
/// Traces: a purchase is one trace from the endpoint through the grain call and the group commit to the SQL, and the
/// stream deliveries of its events link back to it.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TraceApiTests
{
    [PostgresFact]
    public async Task PurchaseIsOneTraceFromTheEndpointToTheSqlLinkedFromItsDeliveriesWithoutTheCardNumber()
    {
        var spans = new Recorded<Activity>();
        var logs = new Recorded<(string Category, ActivityTraceId TraceId)>();
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Postgres,
            new Dictionary<string, string?>
            {
                ["Telemetry:Tracing"] = "true",
                // ASP.NET Core's "Request starting" line, written inside the request's span.
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            },
            services => services
                .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryLoggerProvider(l => l.AddProcessor(new LogTraceCapture(logs))));
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        await pos.TopUpAsync(cardNo, 20000, "S001");

        await pos.PurchaseAsync(cardNo, "A-1", "S001", 5000, 5000);

        var request = await WaitForAsync(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.DisplayName == "POST /api/v1/cards/{cardNo}/purchases");
        var trace = spans.Snapshot().Where(s => s.TraceId == request.TraceId).ToList();
        Assert.Equal("/api/v1/cards/{redacted}/purchases", request.GetTagItem("url.path"));
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        var commits = trace.Where(s => s.Source.Name == MemberCardInstruments.Name && s.DisplayName == "membercard.commit").ToList();
        Assert.NotEmpty(commits);
        // The commit's statements; a "CONNECT" span is Npgsql opening a physical connection when the pool had none idle.
        var sql = trace.Where(s => s.Source.Name == "Npgsql" && commits.Any(c => c.SpanId == s.ParentSpanId)
            && !s.DisplayName.StartsWith("CONNECT ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sql);
        Assert.All(sql, s => Assert.Contains("$1", s.GetTagItem("db.query.text") as string ?? ""));
        Assert.All(trace, s => Assert.Equal(request.TraceId, s.TraceId));
        Assert.Contains(logs.Snapshot(), l => l.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && l.TraceId == request.TraceId);
        // The consumers that apply the purchase's events link their delivery to the request that published them.
        await WaitForAsync(spans, s => s.DisplayName == "membercard.stream.deliver" && s.Links.Any(l => l.Context.TraceId == request.TraceId));
        foreach (var span in spans.Snapshot()) AssertNoCardNumber(span, cardNo);
    }

    private static void AssertNoCardNumber(Activity span, string cardNo)
    {
        Assert.DoesNotContain(cardNo, span.DisplayName);
        Assert.DoesNotContain(cardNo, span.StatusDescription ?? "");
        foreach (var tag in span.TagObjects) Assert.DoesNotContain(cardNo, tag.Value?.ToString() ?? "");
        foreach (var tag in span.Events.SelectMany(e => e.Tags)) Assert.DoesNotContain(cardNo, tag.Value?.ToString() ?? "");
    }

    // The server span ends after the response is sent, so it may arrive a moment after the client's answer.
    private static async Task<Activity> WaitForAsync(Recorded<Activity> spans, Func<Activity, bool> match)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(20))
        {
            if (spans.Snapshot().FirstOrDefault(match) is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the span never ended");
        }
    }

    // Log records are pooled once exported, so only what the test reads is kept.
    private sealed class LogTraceCapture(Recorded<(string, ActivityTraceId)> logs) : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data) => logs.Add((data.CategoryName ?? "", data.TraceId));
    }
}
