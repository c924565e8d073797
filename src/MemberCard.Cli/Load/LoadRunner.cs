using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MemberCard.Cli.Load;

/// <summary>
/// A whole load run: seeds each target before its first round, runs the rounds alternating between
/// the targets (t1, t2, t1, t2, ...) with the same parameters, verifies each target after its last
/// round, then prints the summary and writes the JSON. A round is either tills running for a duration
/// (<see cref="RoundRunner"/>) or one burst (<see cref="BurstRunner"/>).
/// </summary>
internal sealed class LoadRunner(LoadOptions options, string commandLine)
{
    private const int Interrupted = 130;

    private readonly TextWriter _output = Console.Out;

    // " [unsafe: fsync off]" after every title, when the caller said how the database keeps its writes.
    private readonly string _tag = DatabaseDurabilities.Tag(options.Database);

    public async Task<int> RunAsync()
    {
        using var signal = new StopSignal();
        using var transport = LoadHttpClient.CreateTransport(options);
        var clients = options.Targets.Select(target => LoadHttpClient.CreateClient(options, target, transport)).ToList();
        var health = options.Targets.Select(target => LoadHttpClient.CreateHealthClient(target, transport)).ToList();
        try
        {
            var apis = options.Targets.Select((target, index) => new PosApi(clients[index], health[index], target)).ToList();
            return await RunAsync(signal, apis);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
            foreach (var client in health) client.Dispose();
        }
    }

    private async Task<int> RunAsync(StopSignal signal, List<PosApi> apis)
    {
        var runId = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 10);
        var runs = apis.Select((api, index) => new TargetRun(api, index + 1, options.Mix)).ToList();
        var date = DateTime.UtcNow;
        var machine = MachineReport.Current();
        PrintHeader(runId, date, machine);

        string? abort = null;
        try
        {
            if (options.SeedOnly) await SeedOnlyAsync(runs, runId, signal.Token);
            else
            {
                if (options.Mix.Weight(Operation.Ping) > 0) await ProbePingAsync(runs);
                await RunRoundsAsync(runs.Where(r => r.Mix is not null).ToList(), runId, signal);
            }
        }
        catch (SeedingException e)
        {
            abort = e.Message;
            await Console.Error.WriteLineAsync($"error: {abort}");
        }
        catch (OperationCanceledException) when (signal.Interrupted)
        {
        }

        // Even an interrupted run is worth checking: the ledgers must add up whenever the load stops.
        foreach (var run in runs.Where(r => signal.Interrupted && r.Cards is not null && r.Verification is null && r.Rounds.Count > 0))
            await VerifyAsync(run, CancellationToken.None);

        var failed = abort is not null || runs.Any(r => r.Failures > 0 || r.Verification is { Passed: false });
        // A target with nothing of the mix to run (ping only, no /health/live) is left out, and said so; one must have run.
        var measured = runs.Where(r => r.Mix is not null).ToList();
        var complete = options.SeedOnly
            ? runs.All(r => r.Cards is not null)
            : measured.Count > 0 && measured.All(r => r.Rounds.Count == options.Rounds && r.Verification is not null);
        var report = BuildReport(runs, runId, date, machine, signal.Interrupted, abort, passed: !failed && complete && !signal.Interrupted);
        if (!options.SeedOnly) PrintSummary(report, report.Passed ? "PASS" : signal.Interrupted && !failed ? "INTERRUPTED" : "FAIL");
        if (options.JsonPath is not null) await WriteJsonAsync(report);
        return report.Passed ? 0 : signal.Interrupted && !failed ? Interrupted : 1;
    }

    private async Task RunRoundsAsync(List<TargetRun> runs, string runId, StopSignal signal)
    {
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var run in runs)
            {
                if (signal.Interrupted) return;
                run.Cards ??= await SeedAsync(run, runId, signal.Token);
                var (waited, idle) = await MachineSettle.WaitAsync(options.Settle, signal.Token);
                if (idle is { } share)
                    _output.WriteLine($"{run.Api.Target.Name} round {round}/{options.Rounds}: machine settled after {waited.TotalSeconds:F0} s ({share:P0} idle)");
                var result = options.Burst is null
                    ? await new RoundRunner(run.Api, run.Cards, run.Mix!, options, runId, run.Index).RunAsync(round, signal.Token)
                    : await new BurstRunner(run.Api, run.Cards, run.Mix!, options, runId, run.Index).RunAsync(round, signal.Token);
                run.Rounds.Add(result);
                SummaryPrinter.PrintRound(_output, $"{run.Api.Target.Name} round {round}/{options.Rounds}{_tag}", RoundReport.From(result, combined: false));
                if (round == options.Rounds && !signal.Interrupted) await VerifyAsync(run, signal.Token);
            }
        }
    }

    // ping is GET /health/live, which our server has; a server without it (the baseline answers 404) runs the rest of the mix.
    private async Task ProbePingAsync(List<TargetRun> runs)
    {
        foreach (var run in runs)
        {
            using var deadline = new RequestDeadline(options.RequestTimeout, CancellationToken.None);
            var probe = await run.Api.PingAsync(deadline);
            if (probe.Status == 200) continue;
            run.Mix = options.Mix.Without(Operation.Ping);
            run.Note = $"GET /{PosApi.PingPath} answered {probe.Label}: ping is not measured on {run.Api.Target.Name}"
                + (run.Mix is null ? "; nothing else is in the mix, so it has no rounds" : $"; its tills run {run.Mix} instead");
            _output.WriteLine($"note: {run.Note}");
        }
    }

    private async Task SeedOnlyAsync(List<TargetRun> runs, string runId, CancellationToken abort)
    {
        foreach (var run in runs)
        {
            var cards = await SeedAsync(run, runId, abort);
            var stores = options.Stores == 1 ? options.StoreId(0) : $"{options.StoreId(0)} to {options.StoreId(options.Stores - 1)}";
            _output.WriteLine($"{run.Api.Target.Name}: {cards.Count} cards seeded, in store(s) {stores}");
        }
    }

    private async Task<CardBook> SeedAsync(TargetRun run, string runId, CancellationToken abort)
    {
        var started = Stopwatch.GetTimestamp();
        var seeder = new Seeder(run.Api, options, runId, run.Index);
        var cards = await seeder.SeedAsync(abort);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        run.Seeding = new SeedingReport(cards.Count, options.Stores, Math.Round(seconds, 3), seeder.Retries);
        _output.WriteLine($"seeded {cards.Count} cards on {run.Api.Target.Name} in {seconds:F1} s ({seeder.Retries} retries)");
        return cards;
    }

    private async Task VerifyAsync(TargetRun run, CancellationToken abort)
    {
        _output.WriteLine($"verifying {run.Api.Target.Name}...");
        run.Verification = await new LedgerVerifier(run.Api, options).VerifyAsync(run.Cards!, abort);
        SummaryPrinter.PrintVerification(_output, run.Api.Target.Name, run.Verification);
    }

    private void PrintHeader(string runId, DateTime date, MachineReport machine)
    {
        var limit = options.Requests is { } requests ? $" or {requests} requests" : "";
        var alternating = options.Targets.Count > 1 ? ", alternating between the targets" : "";
        _output.WriteLine($"membercard load, run {runId}, {date:yyyy-MM-dd HH:mm:ss}Z{_tag}");
        if (options.Database == DatabaseDurability.Unsafe)
            _output.WriteLine($"  {DatabaseDurabilities.UnsafeLabel.ToUpperInvariant()}: the database may lose acknowledged writes; these figures are not those of a durable server");
        _output.WriteLine($"  targets: {string.Join(", ", options.Targets.Select(t => $"{t.Name}={t.BaseUrl}"))}");
        if (options.Burst is { } burst)
        {
            _output.WriteLine($"  burst: {burst} requests at once, each on its own card, of {options.Cards} cards; {options.Stores} store(s), mix {options.Mix}");
            _output.WriteLine($"  per round: one burst, acknowledged in time within {DurationParser.Format(options.BurstDeadline)} of its release; {options.Rounds} round(s){alternating}");
        }
        else
        {
            var hot = options.HotCards is { } hotCards ? $", all tills on the same {hotCards} (hot cards)" : "";
            _output.WriteLine($"  {options.Clients} tills, {options.Cards} cards{hot}, {options.Stores} store(s), mix {options.Mix}");
            _output.WriteLine($"  per round: warm-up {DurationParser.Format(options.Warmup)}, then {DurationParser.Format(options.Duration)}{limit};"
                + $" {options.Rounds} round(s){alternating}");
        }
        _output.WriteLine($"  machine: {machine.ProcessorCount} processors, {machine.Os}, {machine.Runtime}, load average {machine.LoadAverage ?? "unknown"}"
            + " (shared with any server under test on this machine)");
    }

    private void PrintSummary(LoadReport report, string verdict)
    {
        foreach (var target in report.Targets.Where(t => t.Combined is not null && t.Rounds.Count > 1))
            SummaryPrinter.PrintRound(_output, $"{target.Name}, {target.Rounds.Count} rounds combined{_tag}", target.Combined!);
        SummaryPrinter.PrintComparison(_output, Measured(report.Targets), report.Comparison, _tag);
        if (report.Comparison.Count > 0 && Measured(report.Targets).Select(t => t.Mix).Distinct().Count() > 1)
        {
            _output.WriteLine("  (the targets ran different mixes, see the notes below: their req/s are not like for like, their latencies per"
                + " operation are)");
        }
        if (options.Mix.Weight(Operation.Lookup) > 0 && options.Mix.Weight(Operation.Ping) > 0)
        {
            _output.WriteLine("  (lookup and ping share each round, so their req/s follow the mix weights: compare their latencies here,"
                + " their throughput in rounds of --mix lookup=1 and --mix ping=1)");
        }
        _output.WriteLine();
        foreach (var target in report.Targets)
        {
            if (target.Note is not null) _output.WriteLine($"{target.Name}: {target.Note}");
            if (target.Mix is null) continue;
            var failures = target.Rounds.Sum(r => r.Failures + r.WarmupFailures);
            var checkedState = target.Verification is null ? "not verified" : target.Verification.Passed ? "PASS" : "FAIL";
            var burst = target.Combined?.Burst is { } b ? "; " + SummaryPrinter.BurstVerdict(b) : "";
            _output.WriteLine($"{target.Name}: verification {checkedState}, {failures} failures (5xx or transport){burst}");
        }
        _output.WriteLine($"result: {verdict}{_tag}");
    }

    // Passed: every target ran all its rounds, was verified and passed, and no request failed (5xx or transport).
    private LoadReport BuildReport(List<TargetRun> runs, string runId, DateTime date, MachineReport machine, bool interrupted, string? error, bool passed)
    {
        var targets = runs.Select(r => r.ToReport()).ToList();
        var parameters = new ParametersReport(
            [.. options.Targets.Select(t => new TargetParameter(t.Name, t.BaseUrl.AbsoluteUri))],
            options.Clients, options.Cards, options.Stores, options.Mix.ToString(), options.Warmup.TotalSeconds,
            options.Duration.TotalSeconds, options.Requests, options.Rounds, options.VerifySample,
            options.RequestTimeout.TotalSeconds, options.SeedParallelism, options.HotCards, options.Burst, options.BurstDeadline.TotalSeconds);
        return new LoadReport("membercard load", DatabaseDurabilities.Label(options.Database), date, commandLine, runId, machine, parameters, targets,
            ComparisonTable.Build(Measured(targets)), interrupted, error, passed);
    }

    // The targets that ran rounds: only they can be compared.
    private static List<TargetReport> Measured(IEnumerable<TargetReport> targets) => [.. targets.Where(t => t.Combined is not null)];

    private async Task WriteJsonAsync(LoadReport report)
    {
        var path = Path.GetFullPath(options.JsonPath!);
        // Relaxed escaping keeps the command line readable ('***' rather than \u0027***\u0027); the file is never embedded in HTML.
        await using (var file = File.Create(path))
        await using (var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, report, CliJsonContext.Default.LoadReport);
        }
        _output.WriteLine($"results written to {path}");
    }
}
