using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MemberCard.Cli.Load;

// The record of a run, as printed and as written by --json. Times are in milliseconds and seconds,
// rates in requests per second; percentiles are exact (nearest rank over all sorted samples).

/// <summary>The whole run. <see cref="Database"/> is the label of the servers' database (<c>unsafe: fsync off</c>), when known.</summary>
internal sealed record LoadReport(
    string Tool, string? Database, DateTime DateUtc, string CommandLine, string RunId, MachineReport Machine, ParametersReport Parameters,
    IReadOnlyList<TargetReport> Targets, IReadOnlyList<ComparisonRow> Comparison, bool Interrupted, string? Error, bool Passed);

/// <summary>The machine; <see cref="LoadAverage"/> (Linux, at the start) shows whether something else was competing for it.</summary>
internal sealed record MachineReport(int ProcessorCount, string Os, string Architecture, string Runtime, string? LoadAverage)
{
    public static MachineReport Current() => new(
        Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.OSArchitecture.ToString(),
        RuntimeInformation.FrameworkDescription, ReadLoadAverage());

    private static string? ReadLoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

internal sealed record ParametersReport(
    IReadOnlyList<TargetParameter> Targets, int Clients, int Cards, int Stores, string Mix, double WarmupSeconds,
    double DurationSeconds, long? Requests, int Rounds, int VerifySample, double RequestTimeoutSeconds, int SeedParallelism,
    int? HotCards, int? Burst, double BurstDeadlineSeconds);

internal sealed record TargetParameter(string Name, string Url);

/// <summary>
/// One target. <see cref="Mix"/> is what its tills ran: the run's mix, without <c>ping</c> on a server that has no
/// <c>GET /health/live</c>; <see cref="Note"/> says so. A target with nothing left to run has no rounds.
/// </summary>
internal sealed record TargetReport(
    string Name, string Url, string? Mix, string? Note, SeedingReport? Seeding, IReadOnlyList<RoundReport> Rounds, RoundReport? Combined,
    VerificationReport? Verification);

internal sealed record SeedingReport(int Cards, int Stores, double Seconds, int Retries);

internal sealed record VerificationReport(bool Passed, int CardsChecked, int AcknowledgedBalancesChecked, IReadOnlyList<string> Problems);

internal sealed record ComparisonRow(string Operation, string Metric, IReadOnlyList<double?> Values, double? Ratio);

/// <summary>One round, or with a null <see cref="Round"/> all rounds of a target combined.</summary>
internal sealed record RoundReport(
    int? Round, bool Interrupted, double Seconds, long Requests, double RequestsPerSecond, long Failures,
    long WarmupRequests, long WarmupFailures, double ToolCpuSeconds, double ToolCpuPercentOfMachine,
    IReadOnlyList<OperationReport> Operations, OperationReport Total, BurstReport? Burst)
{
    public static RoundReport From(RoundResult result, bool combined)
    {
        var seconds = result.Elapsed.TotalSeconds;
        return new RoundReport(
            combined ? null : result.Round, result.Interrupted, Math.Round(seconds, 3), result.Requests, Rate(result.Requests, seconds),
            result.Failures, result.WarmupRequests, result.WarmupFailures,
            Math.Round(result.ToolCpu.TotalSeconds, 3), Math.Round(CpuShare(result), 1),
            [.. result.PerOperation.Select(o => OperationReport.From(o, seconds))],
            OperationReport.From(OperationSamples.Merge("total", result.PerOperation), seconds),
            result.Burst is { } burst ? BurstReport.From(burst) : null);
    }

    // The tool's CPU time over all the CPU time the machine had in the round, in percent.
    private static double CpuShare(RoundResult result) =>
        result.Wall > TimeSpan.Zero ? 100 * result.ToolCpu.TotalSeconds / (result.Wall.TotalSeconds * Environment.ProcessorCount) : 0;

    private static double Rate(long count, double seconds) => seconds > 0 ? Math.Round(count / seconds, 1) : 0;
}

/// <summary>A burst: times in milliseconds from the moment all its requests were released.</summary>
internal sealed record BurstReport(
    int Requests, int Acknowledged, int AcknowledgedInTime, int Refused, int Failures, double DeadlineMs,
    double? SlowestAcknowledgementMs, double LastAnswerMs, bool AllAcknowledgedInTime)
{
    public static BurstReport From(BurstResult burst) => new(
        burst.Requests, burst.Acknowledged, burst.AcknowledgedInTime, burst.Refused, burst.Failures,
        burst.Deadline.TotalMilliseconds, burst.SlowestAcknowledgement is { } slowest ? Math.Round(slowest.TotalMilliseconds, 3) : null,
        Math.Round(burst.LastAnswer.TotalMilliseconds, 3), burst.AllInTime);
}

internal sealed record OperationReport(
    string Operation, long Count, double RequestsPerSecond, double? P50Ms, double? P95Ms, double? P99Ms, double? MaxMs, double? MeanMs,
    long Failures, IReadOnlyDictionary<string, long> Outcomes)
{
    public static OperationReport From(OperationSamples samples, double seconds)
    {
        var ticks = samples.SortedTicks;
        return new OperationReport(
            samples.Name, ticks.Length, seconds > 0 ? Math.Round(ticks.Length / seconds, 1) : 0,
            Percentile(ticks, 0.50), Percentile(ticks, 0.95), Percentile(ticks, 0.99), Percentile(ticks, 1.0),
            ticks.Length == 0 ? null : Milliseconds(ticks.Average()),
            samples.Failures,
            samples.Outcomes.OrderBy(o => o.Key.Status).ThenBy(o => o.Key.Code, StringComparer.Ordinal)
                .ToDictionary(o => o.Key.Label, o => o.Value));
    }

    // Nearest rank: the smallest sample that at least p of all samples do not exceed.
    private static double? Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? null : Milliseconds(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)]);

    private static double Milliseconds(double ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 3);
}
