using System.Diagnostics;
using System.Globalization;

namespace MemberCard.Cli.Load;

/// <summary>
/// Waits, before a round, until the machine is mostly idle: a server's background work after its own round (stream
/// consumers catching up, for one) would otherwise run during the next target's round and be counted against it.
/// Reads /proc/stat; elsewhere it does not wait.
/// </summary>
internal static class MachineSettle
{
    private const double IdleShareWanted = 0.8;
    private static readonly TimeSpan Sample = TimeSpan.FromSeconds(1);

    /// <summary>Waits until a one-second sample is at least 80 % idle, or <paramref name="limit"/> has passed;
    /// returns the time waited and the last idle share (null when the machine cannot be read).</summary>
    public static async Task<(TimeSpan Waited, double? Idle)> WaitAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        double? idle = null;
        while (clock.Elapsed < limit)
        {
            var before = Read();
            if (before is null) return (clock.Elapsed, null);
            try
            {
                await Task.Delay(Sample, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return (clock.Elapsed, idle); // interrupted: the round itself notices and stops
            }
            var after = Read();
            if (after is null) return (clock.Elapsed, null);
            var total = after.Value.Total - before.Value.Total;
            idle = total <= 0 ? 1 : (double)(after.Value.Idle - before.Value.Idle) / total;
            if (idle >= IdleShareWanted) break;
        }
        return (clock.Elapsed, idle);
    }

    // The first line of /proc/stat: cpu user nice system idle iowait irq softirq steal ...
    private static (long Idle, long Total)? Read()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = fields.Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return (values[3] + values[4], values.Sum());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
    }
}
