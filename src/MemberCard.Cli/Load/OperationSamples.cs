namespace MemberCard.Cli.Load;

/// <summary>All measured requests of one operation in a round (or several rounds): sorted latencies and outcomes.</summary>
internal sealed class OperationSamples
{
    private OperationSamples(string name, long[] sortedTicks, Dictionary<ApiResult, long> outcomes)
    {
        Name = name;
        SortedTicks = sortedTicks;
        Outcomes = outcomes;
    }

    public string Name { get; }

    public long[] SortedTicks { get; }

    public Dictionary<ApiResult, long> Outcomes { get; }

    public long Count => SortedTicks.Length;

    public long Failures => Outcomes.Where(o => o.Key.IsFailure).Sum(o => o.Value);

    public static OperationSamples FromTills(Operation operation, IReadOnlyList<LatencyRecorder> recorders)
    {
        // Sized exactly from the counts, then filled and sorted once: exact percentiles at a known cost.
        var ticks = new long[recorders.Sum(r => r.Samples(operation).Count)];
        var offset = 0;
        var outcomes = new Dictionary<ApiResult, long>();
        foreach (var recorder in recorders)
        {
            var samples = recorder.Samples(operation);
            samples.CopyTo(ticks, offset);
            offset += samples.Count;
            Add(outcomes, recorder.Outcomes(operation));
        }
        Array.Sort(ticks);
        return new OperationSamples(Operations.Name(operation), ticks, outcomes);
    }

    public static OperationSamples Merge(string name, IReadOnlyList<OperationSamples> parts)
    {
        var ticks = new long[parts.Sum(p => p.SortedTicks.Length)];
        var offset = 0;
        var outcomes = new Dictionary<ApiResult, long>();
        foreach (var part in parts)
        {
            part.SortedTicks.CopyTo(ticks, offset);
            offset += part.SortedTicks.Length;
            Add(outcomes, part.Outcomes);
        }
        Array.Sort(ticks);
        return new OperationSamples(name, ticks, outcomes);
    }

    private static void Add(Dictionary<ApiResult, long> into, IReadOnlyDictionary<ApiResult, long> from)
    {
        foreach (var (result, count) in from) into[result] = into.GetValueOrDefault(result) + count;
    }
}
