using System.Diagnostics;
using System.Globalization;

namespace MemberCard.Cli.Load;

/// <summary>
/// One round of <c>--burst N</c> against one target: N requests picked by the mix, each on its own card (card 0 to
/// N-1), held back until all are ready and then released at once; the round ends when the last is answered. Each
/// request's time runs from the release, so it includes its wait for this tool's own threads and connections. The
/// connections are opened before, by N concurrent <c>GET /health/live</c> (whatever they answer), as tills keep theirs open.
/// </summary>
internal sealed class BurstRunner(PosApi api, CardBook cards, OperationMix mix, LoadOptions options, string runId, int targetIndex)
{
    public async Task<RoundResult> RunAsync(int round, CancellationToken interrupt)
    {
        var size = options.Burst!.Value;
        var counters = new LoadCounters(requestLimit: null);
        var tills = Enumerable.Range(0, size).Select(index => new TillClient(
            api, cards, mix, CardPicker.Only(index), counters, options.StoreId(index),
            $"{runId}-t{targetIndex}r{round}b{index}", options.RequestTimeout, expectedPerOperation: 1)).ToArray();
        var label = $"{api.Target.Name} round {round}/{options.Rounds}";
        try
        {
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var opened = Stopwatch.GetTimestamp();
            await Task.WhenAll(tills.Select(_ => OpenConnectionAsync(counters)));
            interrupt.ThrowIfCancellationRequested();

            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var sends = tills.Select(till => SendAtReleaseAsync(till, release.Task)).ToArray();
            var started = Stopwatch.GetTimestamp();
            release.SetResult();
            var answers = await Task.WhenAll(sends);
            var ended = Stopwatch.GetTimestamp();
            var cpu = Environment.CpuUsage.TotalTime - cpuBefore;

            var fromStart = new (long Ticks, ApiResult Result)[size];
            for (var i = 0; i < size; i++)
            {
                var (operation, result, answered) = answers[i];
                fromStart[i] = (answered - started, result);
                tills[i].Recorder.Record(operation, answered - started, result);
                counters.Measured.Count(result);
            }
            var burst = BurstResult.From(fromStart, options.BurstDeadline);
            Console.WriteLine($"{label}: burst of {size} fired at once, {burst.Acknowledged} acknowledged,"
                + $" the last answer after {Milliseconds(burst.LastAnswer)} ms; {counters.Warmup.Completed} connections opened before");
            var recorders = tills.Select(t => t.Recorder).ToArray();
            return new RoundResult
            {
                Round = round,
                Elapsed = Stopwatch.GetElapsedTime(started, ended),
                Interrupted = interrupt.IsCancellationRequested,
                PerOperation = [.. Operations.All.Select(o => OperationSamples.FromTills(o, recorders))],
                WarmupRequests = counters.Warmup.Completed,
                WarmupFailures = counters.Warmup.Failures,
                ToolCpu = cpu,
                Wall = Stopwatch.GetElapsedTime(opened, ended),
                Burst = burst,
            };
        }
        finally
        {
            foreach (var till in tills) till.Dispose();
        }
    }

    // A 404 (a server without /health/live) opens and keeps the connection just as well as a 200.
    private async Task OpenConnectionAsync(LoadCounters counters)
    {
        using var deadline = new RequestDeadline(options.RequestTimeout, CancellationToken.None);
        counters.Warmup.Count(await api.PingAsync(deadline));
    }

    private static async Task<(Operation Operation, ApiResult Result, long Answered)> SendAtReleaseAsync(TillClient till, Task release)
    {
        await release;
        var (operation, result) = await till.SendOneAsync();
        return (operation, result, Stopwatch.GetTimestamp());
    }

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture);
}
