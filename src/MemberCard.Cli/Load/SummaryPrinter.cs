using System.Globalization;
using static System.FormattableString;

namespace MemberCard.Cli.Load;

/// <summary>The human-readable summary on the terminal.</summary>
internal static class SummaryPrinter
{
    public static void PrintRound(TextWriter output, string title, RoundReport round)
    {
        output.WriteLine();
        output.Write(Invariant($"{title}: {round.Requests} requests in {round.Seconds:F2} s = {round.RequestsPerSecond:F1} req/s, "));
        output.Write(Invariant($"{round.Failures} failures (5xx or transport); warm-up {round.WarmupRequests} requests, {round.WarmupFailures} failures"));
        output.WriteLine(round.Interrupted ? "; INTERRUPTED" : "");
        output.WriteLine(Invariant($"  this tool used {round.ToolCpuSeconds:F1} CPU-seconds, {round.ToolCpuPercentOfMachine:F0}% of the machine's CPU time in the round"));
        output.WriteLine($"  {"operation",-10} {"count",9} {"req/s",9} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9} {"max ms",9} {"failures",9}");
        foreach (var operation in round.Operations.Append(round.Total))
        {
            output.Write(Invariant($"  {operation.Operation,-10} {operation.Count,9} {operation.RequestsPerSecond,9:F1} {Ms(operation.P50Ms),9} "));
            output.WriteLine(Invariant($"{Ms(operation.P95Ms),9} {Ms(operation.P99Ms),9} {Ms(operation.MaxMs),9} {operation.Failures,9}"));
        }
        output.WriteLine("  outcomes (status and code: count)");
        foreach (var operation in round.Operations.Where(o => o.Count > 0))
            output.WriteLine($"    {operation.Operation,-10} {string.Join(", ", operation.Outcomes.Select(o => $"{o.Key}: {o.Value}"))}");
        if (round.Burst is { } burst)
        {
            output.Write(Invariant($"  burst (times from the release of all requests): {burst.Requests} released at once, {burst.Acknowledged} acknowledged (2xx), "));
            output.Write(Invariant($"{burst.AcknowledgedInTime} within {burst.DeadlineMs:F0} ms, {burst.Refused} refused, {burst.Failures} failures; "));
            output.WriteLine(Invariant($"slowest acknowledgement {Ms(burst.SlowestAcknowledgementMs)} ms, last answer {burst.LastAnswerMs:F2} ms"));
            output.WriteLine($"  {BurstVerdict(burst)}");
        }
    }

    /// <summary>One line on whether a burst met its deadline: <c>burst: all 1000 acknowledged within 1000 ms (slowest 812.40 ms)</c>.</summary>
    public static string BurstVerdict(BurstReport burst)
    {
        var slowest = $"slowest acknowledgement {Ms(burst.SlowestAcknowledgementMs)} ms";
        return burst.AllAcknowledgedInTime
            ? Invariant($"burst: all {burst.Requests} acknowledged within {burst.DeadlineMs:F0} ms ({slowest})")
            : Invariant($"burst: NOT all acknowledged in time: {burst.AcknowledgedInTime} of {burst.Requests} within {burst.DeadlineMs:F0} ms ({slowest})");
    }

    public static void PrintVerification(TextWriter output, string target, VerificationReport verification)
    {
        output.WriteLine();
        if (verification.Passed)
        {
            var uncertain = verification.CardsChecked - verification.AcknowledgedBalancesChecked;
            output.WriteLine($"verification {target}: PASS - {verification.CardsChecked} cards checked: balance and points equal their ledger sums;"
                + $" {verification.AcknowledgedBalancesChecked} balances also equal what the acknowledged answers add up to"
                + (uncertain == 0 ? "" : $" ({uncertain} had a request that failed without an answer)"));
            return;
        }
        output.WriteLine($"verification {target}: FAIL - {verification.Problems.Count} of {verification.CardsChecked} cards checked have problems:");
        foreach (var problem in verification.Problems.Take(20)) output.WriteLine($"  {problem}");
        if (verification.Problems.Count > 20) output.WriteLine($"  ... and {verification.Problems.Count - 20} more (all of them are in the JSON)");
    }

    /// <summary>The comparison rows; <paramref name="tag"/> (e.g. <c> [unsafe: fsync off]</c>) goes after the title.</summary>
    public static void PrintComparison(TextWriter output, IReadOnlyList<TargetReport> targets, IReadOnlyList<ComparisonRow> rows, string tag)
    {
        if (rows.Count == 0) return;
        output.WriteLine();
        output.WriteLine($"side by side, all rounds combined (ratio = {targets[0].Name} / {targets[1].Name}){tag}:");
        var header = $"  {"operation",-10} {"metric",-8}" + string.Concat(targets.Select(t => $" {Truncate(t.Name, 12),12}")) + $" {"ratio",8}";
        output.WriteLine(header);
        string? last = null;
        foreach (var row in rows)
        {
            var name = row.Operation == last ? "" : row.Operation;
            last = row.Operation;
            var format = row.Metric.EndsWith("ms", StringComparison.Ordinal) ? "F2" : "F1";
            var values = string.Concat(row.Values.Select(v => $" {Number(v, format),12}"));
            output.WriteLine($"  {name,-10} {row.Metric,-8}{values} {Number(row.Ratio, "F2"),8}");
        }
    }

    private static string Ms(double? value) => Number(value, "F2");

    private static string Number(double? value, string format = "F1") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
