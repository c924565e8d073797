namespace MemberCard.Cli.Load;

/// <summary>
/// Rows for comparing targets that were driven alike in the same run: per operation and in total,
/// the rate and the latency percentiles of every target, and the first target's value over the second's. Operations
/// that no target ran are left out.
/// </summary>
internal static class ComparisonTable
{
    private static readonly (string Metric, Func<OperationReport, double?> Value)[] Metrics =
    [
        ("req/s", o => o.RequestsPerSecond),
        ("p50 ms", o => o.P50Ms),
        ("p95 ms", o => o.P95Ms),
        ("p99 ms", o => o.P99Ms),
        ("max ms", o => o.MaxMs),
    ];

    public static IReadOnlyList<ComparisonRow> Build(IReadOnlyList<TargetReport> targets)
    {
        if (targets.Count < 2 || targets.Any(t => t.Combined is null)) return [];
        var rows = new List<ComparisonRow>();
        // Operations no target ran (refunds in a lookup-only run, ping in most) have nothing to compare.
        var names = targets[0].Combined!.Operations.Select(o => o.Operation)
            .Where(name => targets.Any(t => Find(t.Combined!, name) is { Count: > 0 })).Append("total");
        foreach (var name in names)
        {
            var reports = targets.Select(t => Find(t.Combined!, name)).ToArray();
            foreach (var (metric, value) in Metrics)
            {
                var values = reports.Select(r => r is null ? null : value(r)).ToArray();
                rows.Add(new ComparisonRow(name, metric, values, Ratio(values[0], values[1])));
            }
        }
        return rows;
    }

    private static OperationReport? Find(RoundReport round, string name) =>
        name == "total" ? round.Total : round.Operations.FirstOrDefault(o => o.Operation == name);

    private static double? Ratio(double? first, double? second) =>
        first is { } a && second is { } b && b != 0 ? Math.Round(a / b, 3) : null;
}
