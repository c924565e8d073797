using System.Diagnostics;

namespace MemberCard.Cli.Load;

/// <summary>
/// What one burst (<c>--burst</c>) came to, or several bursts pooled: of the requests fired at once, how many were
/// acknowledged (2xx) and how many of those within the deadline, counted from the burst's start; and the slowest
/// acknowledgement. A request refused or failed is not acknowledged, however fast its answer.
/// </summary>
internal sealed record BurstResult(
    int Requests, int Acknowledged, int AcknowledgedInTime, int Refused, int Failures, TimeSpan Deadline,
    TimeSpan? SlowestAcknowledgement, TimeSpan LastAnswer)
{
    /// <summary>Every request fired was acknowledged within the deadline.</summary>
    public bool AllInTime => Requests > 0 && AcknowledgedInTime == Requests;

    /// <summary>Reads the answers of one burst: for each request, the Stopwatch ticks from the burst's start to its answer, and the answer.</summary>
    public static BurstResult From(IReadOnlyList<(long Ticks, ApiResult Result)> answers, TimeSpan deadline)
    {
        var limit = (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        int acknowledged = 0, inTime = 0, refused = 0, failures = 0;
        long slowest = -1, last = 0;
        foreach (var (ticks, result) in answers)
        {
            last = Math.Max(last, ticks);
            if (result.IsSuccess)
            {
                acknowledged++;
                if (ticks <= limit) inTime++;
                slowest = Math.Max(slowest, ticks);
            }
            else if (result.IsFailure)
            {
                failures++;
            }
            else
            {
                refused++;
            }
        }
        return new BurstResult(answers.Count, acknowledged, inTime, refused, failures, deadline,
            slowest < 0 ? null : Stopwatch.GetElapsedTime(0, slowest), Stopwatch.GetElapsedTime(0, last));
    }

    /// <summary>Several bursts as one: counts added up, the slowest of the slowest.</summary>
    public static BurstResult? Combine(IEnumerable<BurstResult?> bursts)
    {
        BurstResult? total = null;
        foreach (var burst in bursts)
        {
            if (burst is null) continue;
            total = total is null ? burst : new BurstResult(
                total.Requests + burst.Requests, total.Acknowledged + burst.Acknowledged,
                total.AcknowledgedInTime + burst.AcknowledgedInTime, total.Refused + burst.Refused, total.Failures + burst.Failures,
                total.Deadline, Max(total.SlowestAcknowledgement, burst.SlowestAcknowledgement), Max(total.LastAnswer, burst.LastAnswer)!.Value);
        }
        return total;
    }

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
