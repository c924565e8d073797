using System.Diagnostics;
using MemberCard.Cli.Load;

namespace MemberCard.Cli.Tests;

public sealed class LoadToolTests
{
    [Theory]
    [InlineData("ours=http://127.0.0.1:5080", "ours", "http://127.0.0.1:5080/")]
    [InlineData("http://localhost:5090/base", "localhost:5090", "http://localhost:5090/base/")]
    [InlineData("b=http://[::1]:5090", "b", "http://[::1]:5090/")]
    [InlineData("x=http://127.9.9.9:1", "x", "http://127.9.9.9:1/")]
    public void LoopbackTargetsAreAccepted(string text, string name, string url)
    {
        Assert.True(LoopbackTargets.TryParse(text, out var target, out var error), error);
        Assert.Equal((name, url), (target.Name, target.BaseUrl.AbsoluteUri));
    }

    [Theory]
    [InlineData("ours=http://10.0.0.5:5080")]
    [InlineData("http://example.com")]
    [InlineData("http://192.168.1.1:80")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("http://127.0.0.1:5080/?x=1")]
    [InlineData("bad name=http://127.0.0.1")]
    public void AnythingButAPlainLoopbackUrlIsRefused(string text)
    {
        Assert.False(LoopbackTargets.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("20s", 20_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("15", 15_000)]
    [InlineData("00:00:20", 20_000)]
    public void DurationsAreReadAsPeopleTypeThem(string text, int milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(60, true)]
    [InlineData(3601, false)]
    public void SettleIsZeroToAnHour(int seconds, bool valid)
    {
        var options = new LoadOptions
        {
            Targets = [new LoadTarget("ours", new Uri("http://127.0.0.1:5080/"))],
            ApiKey = "key",
            Mix = OperationMix.Default,
            Settle = TimeSpan.FromSeconds(seconds),
        };
        Assert.Equal(valid, !options.Validate().Any(e => e.StartsWith("--settle", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task NoSettleMeansNoWait()
    {
        var (waited, idle) = await MachineSettle.WaitAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.Null(idle);
        Assert.True(waited < TimeSpan.FromSeconds(1), $"waited {waited}");
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("")]
    public void NonsenseDurationsAreRefused(string text) => Assert.False(DurationParser.TryParse(text, out _));

    [Fact]
    public void MixPicksOperationsInProportionToTheirWeights()
    {
        Assert.True(OperationMix.TryParse("lookup=1,purchase=3", out var mix, out var error), error);
        var random = new Random(7);
        var picks = Enumerable.Range(0, 40_000).Select(_ => mix.Pick(random)).ToList();

        Assert.DoesNotContain(Operation.TopUp, picks);
        Assert.DoesNotContain(Operation.Refund, picks);
        Assert.InRange(picks.Count(p => p == Operation.Purchase) / 40_000.0, 0.74, 0.76);
    }

    [Theory]
    [InlineData("lookup=0")]
    [InlineData("lookup=1,lookup=2")]
    [InlineData("teleport=5")]
    [InlineData("lookup=-1")]
    public void BadMixesAreRefused(string text) => Assert.False(OperationMix.TryParse(text, out _, out _));

    [Fact]
    public void PercentilesAreExactNearestRankOverEverySample()
    {
        var recorder = new LatencyRecorder(100);
        var oneMs = Stopwatch.Frequency / 1000;
        foreach (var ms in Enumerable.Range(1, 100).Reverse()) recorder.Record(Operation.Lookup, ms * oneMs, new ApiResult(200, ""));

        var report = OperationReport.From(OperationSamples.FromTills(Operation.Lookup, [recorder]), seconds: 10);

        Assert.Equal((100L, 10.0), (report.Count, report.RequestsPerSecond));
        Assert.Equal((50.0, 95.0, 99.0, 100.0), (report.P50Ms!.Value, report.P95Ms!.Value, report.P99Ms!.Value, report.MaxMs!.Value));
    }
}
