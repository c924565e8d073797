using System.Diagnostics;
using System.Text.Json;
using MemberCard.Cli.Load;

namespace MemberCard.Cli.Tests;

/// <summary>The parsing and the logic of ping, --hot-cards, --burst and the database label.</summary>
public sealed class MixHotBurstLabelTests
{
    private static readonly long TicksPerMs = Stopwatch.Frequency / 1000;

    [Fact]
    public void PingIsAnOperationOfTheMixLikeTheOthers()
    {
        Assert.True(OperationMix.TryParse("ping=1,lookup=1", out var mix, out var error), error);
        var random = new Random(7);
        var picks = Enumerable.Range(0, 20_000).Select(_ => mix.Pick(random)).ToList();

        Assert.Equal("lookup=1,topup=0,purchase=0,refund=0,ping=1", mix.ToString());
        Assert.Equal([Operation.Lookup, Operation.Ping], picks.Distinct().Order());
        Assert.InRange(picks.Count(p => p == Operation.Ping) / 20_000.0, 0.48, 0.52);
        Assert.Equal("ping", Operations.Name(Operation.Ping));
    }

    [Fact]
    public void AnUnknownOperationIsRefusedNamingPingAmongTheKnownOnes()
    {
        Assert.False(OperationMix.TryParse("pong=1", out _, out var error));
        Assert.Contains("ping", error);
    }

    [Fact]
    public void WithoutPingTheRestOfTheMixRunsOrNothingIsLeft()
    {
        Assert.True(OperationMix.TryParse("ping=3,lookup=1", out var mixed, out _));
        Assert.True(OperationMix.TryParse("ping=1", out var pingOnly, out _));

        Assert.Equal("lookup=1,topup=0,purchase=0,refund=0,ping=0", mixed.Without(Operation.Ping)?.ToString());
        Assert.Null(pingOnly.Without(Operation.Ping));
    }

    [Fact]
    public void HotCardsArePickedAmongTheFirstNOnly()
    {
        var picker = CardPicker.Among(3);
        var random = new Random(11);

        var picked = Enumerable.Range(0, 1_000).Select(_ => picker.Next(random)).ToHashSet();

        Assert.Equal([0, 1, 2], picked.Order());
        Assert.Equal([7], Enumerable.Range(0, 50).Select(_ => CardPicker.Only(7).Next(random)).Distinct());
    }

    [Theory]
    [InlineData(null, null, 100)]
    [InlineData(1, null, 1)]
    [InlineData(null, 40, 40)]
    public void TheRoundsTouchTheHotCardsTheBurstsCardsOrAll(int? hotCards, int? burst, int touched)
    {
        var options = Options() with { Cards = 100, HotCards = hotCards, Burst = burst };
        Assert.Equal(touched, options.TouchedCards);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(0, null, null, "--hot-cards must be at least 1")]
    [InlineData(101, null, null, "--hot-cards cannot be more than --cards")]
    [InlineData(null, 101, null, "--burst sends each request to its own card")]
    [InlineData(null, 0, null, "--burst must be")]
    [InlineData(2, 10, null, "--burst and --hot-cards do not go together")]
    [InlineData(null, 10, 500L, "--requests does not apply to --burst")]
    public void BadHotCardAndBurstOptionsAreRefused(int? hotCards, int? burst, long? requests, string expected)
    {
        var options = Options() with { Cards = 100, HotCards = hotCards, Burst = burst, Requests = requests };
        Assert.Contains(options.Validate(), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void AHotCardsAmountsAreSteeredBackBetweenTheMarks()
    {
        var random = new Random(3);
        for (var i = 0; i < 1_000; i++)
        {
            // Above the high mark a purchase outweighs any top-up; below the low mark a top-up outweighs any purchase.
            Assert.InRange(TillAmounts.Purchase(random, TillAmounts.HighBalance + 1), 5_000, 9_000);
            Assert.InRange(TillAmounts.TopUp(random, TillAmounts.HighBalance + 1), 1_000, 5_000);
            Assert.InRange(TillAmounts.TopUp(random, TillAmounts.LowBalance - 1), 5_000, 9_000);
            Assert.InRange(TillAmounts.Purchase(random, TillAmounts.LowBalance - 1), 100, 3_000);
            Assert.InRange(TillAmounts.Purchase(random, 62_000), 100, 3_000);
        }
    }

    [Fact]
    public void ABurstCountsOnlyAcknowledgementsAndOnlyThoseWithinTheDeadline()
    {
        var answers = new (long, ApiResult)[]
        {
            (100 * TicksPerMs, new ApiResult(201, "")),
            (900 * TicksPerMs, new ApiResult(201, "")),
            (1_000 * TicksPerMs, new ApiResult(201, "")),
            (1_200 * TicksPerMs, new ApiResult(201, "")),
            (50 * TicksPerMs, new ApiResult(409, "balance_cap_exceeded")),
            (2_000 * TicksPerMs, new ApiResult(503, "")),
        };

        var burst = BurstResult.From(answers, TimeSpan.FromSeconds(1));

        Assert.Equal((6, 4, 3, 1, 1), (burst.Requests, burst.Acknowledged, burst.AcknowledgedInTime, burst.Refused, burst.Failures));
        Assert.Equal(1_200, burst.SlowestAcknowledgement!.Value.TotalMilliseconds, precision: 3);
        Assert.Equal(2_000, burst.LastAnswer.TotalMilliseconds, precision: 3);
        Assert.False(burst.AllInTime);
        Assert.Contains("NOT all acknowledged in time: 3 of 6 within 1000 ms", SummaryPrinter.BurstVerdict(BurstReport.From(burst)));
    }

    [Fact]
    public void BurstsCombineByAddingCountsAndKeepingTheSlowest()
    {
        var fast = BurstResult.From([(300 * TicksPerMs, new ApiResult(201, "")), (400 * TicksPerMs, new ApiResult(201, ""))], TimeSpan.FromSeconds(1));
        var refused = BurstResult.From([(20 * TicksPerMs, new ApiResult(409, "x"))], TimeSpan.FromSeconds(1));

        var combined = BurstResult.Combine([fast, null, refused])!;

        Assert.True(fast.AllInTime);
        Assert.Null(refused.SlowestAcknowledgement);
        Assert.Equal((3, 2, 2, 1), (combined.Requests, combined.Acknowledged, combined.AcknowledgedInTime, combined.Refused));
        Assert.Equal(400, combined.SlowestAcknowledgement!.Value.TotalMilliseconds, precision: 3);
        Assert.False(combined.AllInTime);
        Assert.Null(BurstResult.Combine([null]));
        Assert.StartsWith("burst: all 2 acknowledged within 1000 ms", SummaryPrinter.BurstVerdict(BurstReport.From(fast)));
    }

    [Theory]
    [InlineData("unsafe", "Unsafe", "unsafe: fsync off", " [unsafe: fsync off]")]
    [InlineData("Durable", "Durable", "durable: fsync on", " [durable: fsync on]")]
    [InlineData("unknown", "Unknown", null, "")]
    public void TheDatabaseIsLabelledAsTheCallerSays(string text, string durability, string? label, string tag)
    {
        Assert.True(DatabaseDurabilities.TryParse(text, out var parsed));
        Assert.Equal(durability, parsed.ToString());
        Assert.Equal(label, DatabaseDurabilities.Label(parsed));
        Assert.Equal(tag, DatabaseDurabilities.Tag(parsed));
        Assert.False(DatabaseDurabilities.TryParse("fast", out _));
    }

    [Fact]
    public void TheJsonOfAnUnsafeRunSaysSoAtTheTop()
    {
        var parameters = new ParametersReport([], 1, 1, 1, "ping=1", 0, 1, null, 1, 0, 30, 64, HotCards: 1, Burst: null, BurstDeadlineSeconds: 1);
        var report = new LoadReport("membercard load", DatabaseDurabilities.Label(DatabaseDurability.Unsafe), DateTime.UnixEpoch, "membercard load",
            "run", MachineReport.Current(), parameters, [], [], Interrupted: false, Error: null, Passed: true);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, CliJsonContext.Default.LoadReport));

        Assert.Equal("unsafe: fsync off", json.RootElement.GetProperty("database").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("parameters").GetProperty("hotCards").GetInt32());
    }

    [Fact]
    public void TheComparisonLeavesOutOperationsNoTargetRan()
    {
        var ours = Target("ours", Operation.Lookup, Operation.Ping);
        var baseline = Target("baseline", Operation.Lookup);

        var rows = ComparisonTable.Build([ours, baseline]);

        Assert.Equal(["lookup", "ping", "total"], rows.Select(r => r.Operation).Distinct());
        Assert.Equal([10.0, 0.0], rows.Single(r => r is { Operation: "ping", Metric: "req/s" }).Values);
    }

    // A target whose one round of 10 s had 100 requests of each of the operations given.
    private static TargetReport Target(string name, params Operation[] ran)
    {
        var recorder = new LatencyRecorder(100);
        foreach (var operation in ran)
        {
            for (var i = 0; i < 100; i++) recorder.Record(operation, TicksPerMs, new ApiResult(200, ""));
        }
        var round = new RoundResult
        {
            Round = 1,
            Elapsed = TimeSpan.FromSeconds(10),
            Interrupted = false,
            PerOperation = [.. Operations.All.Select(o => OperationSamples.FromTills(o, [recorder]))],
            WarmupRequests = 0,
            WarmupFailures = 0,
            ToolCpu = TimeSpan.Zero,
            Wall = TimeSpan.FromSeconds(10),
        };
        var report = RoundReport.From(round, combined: true);
        return new TargetReport(name, "http://127.0.0.1:1/", "mix", null, null, [report], report, null);
    }

    private static LoadOptions Options() => new()
    {
        Targets = [new LoadTarget("ours", new Uri("http://127.0.0.1:5080/"))],
        ApiKey = "key",
        Mix = OperationMix.Default,
    };
}
