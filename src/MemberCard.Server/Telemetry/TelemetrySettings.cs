namespace MemberCard.Server.Telemetry;

/// <summary>The configuration names telemetry reads (docs/operations.md, "Telemetry").</summary>
public static class TelemetrySettings
{
    /// <summary>OpenTelemetry's standard variable: when set, traces, metrics and logs are exported there over OTLP.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Records traces even without OTLP (for an exporter added in code, as the tests do); default: only with OTLP.</summary>
    public const string Tracing = "Telemetry:Tracing";

    /// <summary>A separate port that serves only <c>/metrics</c>, without credential (for a private network).</summary>
    public const string MetricsPort = "Metrics:Port";

    /// <summary>Path of the Prometheus scrape endpoint.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Whether OTLP export is on.</summary>
    public static bool ExportsOtlp(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]);

    /// <summary>
    /// Whether spans are recorded. Off by default without OTLP: an activity source with a listener makes every grain call
    /// and commit build a span, which nobody would read.
    /// </summary>
    public static bool RecordsTraces(IConfiguration configuration) => configuration.GetValue(Tracing, ExportsOtlp(configuration));

    /// <summary>The metrics-only port, or null.</summary>
    public static int? MetricsPortOf(IConfiguration configuration) =>
        configuration.GetValue<int?>(MetricsPort) is > 0 and var port ? port : null;
}
