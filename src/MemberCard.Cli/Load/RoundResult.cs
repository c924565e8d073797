namespace MemberCard.Cli.Load;

/// <summary>What one round against one target measured, or several rounds combined.</summary>
internal sealed class RoundResult
{
    public required int Round { get; init; }

    /// <summary>From the end of the warm-up until the last till's last answer.</summary>
    public required TimeSpan Elapsed { get; init; }

    public required bool Interrupted { get; init; }

    public required IReadOnlyList<OperationSamples> PerOperation { get; init; }

    public required long WarmupRequests { get; init; }

    public required long WarmupFailures { get; init; }

    /// <summary>CPU time this tool used in the round, warm-up included: on a shared machine, taken from the server.</summary>
    public required TimeSpan ToolCpu { get; init; }

    /// <summary>The whole round, warm-up included.</summary>
    public required TimeSpan Wall { get; init; }

    /// <summary>For a <c>--burst</c> round, how its requests were acknowledged; null for a round of tills.</summary>
    public BurstResult? Burst { get; init; }

    public long Requests => PerOperation.Sum(o => o.Count);

    public long Failures => PerOperation.Sum(o => o.Failures);

    /// <summary>The rounds of one target as if they were one long round: samples pooled, times added up.</summary>
    public static RoundResult Combine(IReadOnlyList<RoundResult> rounds) => new()
    {
        Round = 0,
        Elapsed = TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)),
        Interrupted = rounds.Any(r => r.Interrupted),
        PerOperation = [.. Operations.All.Select(o =>
            OperationSamples.Merge(Operations.Name(o), [.. rounds.Select(r => r.PerOperation[(int)o])]))],
        WarmupRequests = rounds.Sum(r => r.WarmupRequests),
        WarmupFailures = rounds.Sum(r => r.WarmupFailures),
        ToolCpu = TimeSpan.FromTicks(rounds.Sum(r => r.ToolCpu.Ticks)),
        Wall = TimeSpan.FromTicks(rounds.Sum(r => r.Wall.Ticks)),
        Burst = BurstResult.Combine(rounds.Select(r => r.Burst)),
    };
}
