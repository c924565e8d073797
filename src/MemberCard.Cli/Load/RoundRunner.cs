using System.Diagnostics;
using System.Globalization;

namespace MemberCard.Cli.Load;

/// <summary>
/// One round against one target: all tills run through the warm-up and then the measured part, which
/// ends at <c>--duration</c>, at <c>--requests</c> or on Ctrl-C, whichever comes first. Requests in
/// flight at that moment are answered and counted before the round is over.
/// </summary>
internal sealed class RoundRunner(PosApi api, CardBook cards, OperationMix mix, LoadOptions options, string runId, int targetIndex)
{
    public async Task<RoundResult> RunAsync(int round, CancellationToken interrupt)
    {
        var counters = new LoadCounters(options.Requests);
        var tills = CreateTills(round, counters);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var started = Stopwatch.GetTimestamp();
            var measureFrom = started + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
            stop.CancelAfter(options.Warmup + options.Duration);

            using var finished = new CancellationTokenSource();
            var line = new ProgressLine();
            var label = $"{api.Target.Name} round {round}/{options.Rounds}";
            var progress = ShowProgressAsync(line, label, counters, started, measureFrom, finished.Token);
            await Task.WhenAll(tills.Select(till => Task.Run(() => till.RunAsync(measureFrom, stop))));
            var ended = Stopwatch.GetTimestamp();
            var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
            await finished.CancelAsync();
            await progress;

            var measured = ended > measureFrom ? Stopwatch.GetElapsedTime(measureFrom, ended) : TimeSpan.Zero;
            line.End($"{label}: {counters.Measured.Completed} requests in {Seconds(measured)} s"
                + $" ({counters.Warmup.Completed} in the warm-up), {counters.Measured.Failures + counters.Warmup.Failures} failures");
            var recorders = tills.Select(t => t.Recorder).ToArray();
            return new RoundResult
            {
                Round = round,
                Elapsed = measured,
                Interrupted = interrupt.IsCancellationRequested,
                PerOperation = [.. Operations.All.Select(o => OperationSamples.FromTills(o, recorders))],
                WarmupRequests = counters.Warmup.Completed,
                WarmupFailures = counters.Warmup.Failures,
                ToolCpu = cpu,
                Wall = Stopwatch.GetElapsedTime(started, ended),
            };
        }
        finally
        {
            foreach (var till in tills) till.Dispose();
        }
    }

    private TillClient[] CreateTills(int round, LoadCounters counters)
    {
        // Pre-sizing the sample lists keeps most list growth out of the measured part, without
        // reserving hundreds of megabytes when thousands of tills are asked for.
        var expected = options.Requests is { } limit
            ? (int)Math.Min(limit / options.Clients + 1, 4096)
            : Math.Clamp(262_144 / options.Clients, 16, 1024);
        // All tills on all cards, or with --hot-cards all on the same first few.
        var picker = CardPicker.Among(options.TouchedCards);
        return [.. Enumerable.Range(0, options.Clients).Select(client => new TillClient(
            api, cards, mix, picker, counters, options.StoreId(client),
            $"{runId}-t{targetIndex}r{round}c{client}", options.RequestTimeout, expected))];
    }

    private async Task ShowProgressAsync(ProgressLine line, string label, LoadCounters counters, long started, long measureFrom, CancellationToken finished)
    {
        using var timer = new PeriodicTimer(ProgressLine.Interval);
        var lastTotal = 0L;
        var lastTime = started;
        try
        {
            while (await timer.WaitForNextTickAsync(finished))
            {
                var now = Stopwatch.GetTimestamp();
                var warmingUp = now < measureFrom;
                var phase = warmingUp ? counters.Warmup : counters.Measured;
                var total = counters.Warmup.Completed + counters.Measured.Completed;
                var perSecond = (total - lastTotal) / Stopwatch.GetElapsedTime(lastTime, now).TotalSeconds;
                (lastTotal, lastTime) = (total, now);
                var clock = warmingUp
                    ? $"warm-up {Seconds(Stopwatch.GetElapsedTime(started, now))}/{Seconds(options.Warmup)} s"
                    : $"{Seconds(Stopwatch.GetElapsedTime(measureFrom, now))}/{Seconds(options.Duration)} s";
                line.Show($"{label} {clock} | {perSecond,8:F0} req/s | {phase.Completed} requests"
                    + $" | {phase.NotSuccessful} non-2xx | {counters.Warmup.Failures + counters.Measured.Failures} failures");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
}
