using MemberCard.Runtime.Streams;
using MemberCard.Runtime.Telemetry;
using MemberCard.Server.Api.Auth;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace MemberCard.Server.Telemetry;

/// <summary>
/// OpenTelemetry in one place (docs/operations.md, "Telemetry"): metrics always (ours, Orleans', ASP.NET Core's, the
/// runtime's, Npgsql's), scraped at <c>/metrics</c>; traces when OTLP is configured or <c>Telemetry:Tracing</c> is true;
/// OTLP export of all three signals when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The service name spans and metrics carry unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "membercard";

    /// <summary>Registers the meter provider, the tracer provider when traces are recorded, and OTLP export.</summary>
    public static WebApplicationBuilder AddMemberCardTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // Every log record written inside a request names its trace and span (scopes; OTLP log records carry them natively).
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(MemberCardInstruments.Name, "Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                // The lag gauge lives on the singleton that reads the queues; built with the provider so it reports from the start.
                .AddInstrumentation(sp => sp.GetRequiredService<StreamLag>())
                // A scrape sees what happened up to it (the default caches the answer for 300 ms).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (TelemetrySettings.RecordsTraces(configuration))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsMonitoring(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddSource(ActivitySources.AllActivitySourceName, MemberCardInstruments.Name)
                .AddNpgsql()
                // Before any exporter: processors run in the order they were added.
                .AddProcessor(new CardNumberRedaction()));
            // Log records as OpenTelemetry's, each carrying the trace and span it was written in.
            telemetry.WithLogging();
        }
        if (TelemetrySettings.ExportsOtlp(configuration)) telemetry.UseOtlpExporter();
        if (TelemetrySettings.MetricsPortOf(configuration) is { } port)
        {
            // Besides the server's own addresses (ServerDefaults chose them already).
            var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
            builder.WebHost.UseUrls($"{urls};http://*:{port}".TrimStart(';'));
        }
        return builder;
    }

    /// <summary>
    /// On <c>Metrics:Port</c>, answers <c>/metrics</c> without credential and nothing else (404): first in the pipeline,
    /// so no API route is reachable through the private port. The connection's local port decides, never the Host header.
    /// </summary>
    public static WebApplication UseMemberCardMetricsPort(this WebApplication app)
    {
        if (TelemetrySettings.MetricsPortOf(app.Configuration) is not { } port) return app;
        app.MapWhen(context => context.Connection.LocalPort == port, metrics =>
        {
            metrics.UseOpenTelemetryPrometheusScrapingEndpoint(TelemetrySettings.MetricsPath);
            metrics.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
        return app;
    }

    /// <summary>The POS counters and histograms (<see cref="PosMetrics"/>); after routing, before authentication.</summary>
    public static WebApplication UseMemberCardPosMetrics(this WebApplication app)
    {
        app.UseMiddleware<PosMetrics>();
        return app;
    }

    /// <summary><c>/metrics</c> on the server's own port, for the admin credential only.</summary>
    public static WebApplication MapMemberCardMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(TelemetrySettings.MetricsPath).RequireAuthorization(Caller.AdminPolicy);
        return app;
    }

    private static bool IsMonitoring(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(TelemetrySettings.MetricsPath);
}
