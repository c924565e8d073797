using System.Runtime.InteropServices;

namespace MemberCard.Cli.Load;

/// <summary>
/// One till's measured requests: every latency (Stopwatch ticks) per operation and the count of each
/// outcome. One per till, so recording takes no lock; the round merges them at the end, and the
/// percentiles come from all samples sorted, not from a histogram or an estimate.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly List<long>[] _samples = new List<long>[Operations.Count];
    private readonly Dictionary<ApiResult, long>[] _outcomes = new Dictionary<ApiResult, long>[Operations.Count];

    public LatencyRecorder(int expectedPerOperation)
    {
        for (var i = 0; i < Operations.Count; i++)
        {
            _samples[i] = new List<long>(expectedPerOperation);
            _outcomes[i] = [];
        }
    }

    public void Record(Operation operation, long elapsedTicks, ApiResult result)
    {
        _samples[(int)operation].Add(elapsedTicks);
        CollectionsMarshal.GetValueRefOrAddDefault(_outcomes[(int)operation], result, out _)++;
    }

    public List<long> Samples(Operation operation) => _samples[(int)operation];

    public IReadOnlyDictionary<ApiResult, long> Outcomes(Operation operation) => _outcomes[(int)operation];
}
