using System.Diagnostics.Metrics;
using MemberCard.Runtime.Telemetry;
using Microsoft.Extensions.Options;

namespace MemberCard.Runtime.Streams;

/// <summary>
/// How far each queue's checkpoint trails the outbox: the queue row plus the number of committed events after its
/// checkpoint. Also published as the <c>membercard.stream.lag</c> gauge on meter <c>MemberCard</c> (events not yet
/// delivered, all queues).
/// </summary>
public sealed class StreamLag : IDisposable
{
    /// <summary>Name of the meter that carries the lag gauge.</summary>
    public const string MeterName = MemberCardInstruments.Name;

    /// <summary>Name of the lag gauge.</summary>
    public const string GaugeName = "membercard.stream.lag";

    // A scrape reads the gauge synchronously; it answers the last count and starts a new one when this one is older.
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(5);

    private readonly IStreamQueueStore _store;
    private readonly StreamOptions _options;
    private readonly Meter _meter;
    private long _lastTotal = -1;
    private long _lastReadTicks;
    private int _refreshing;

    /// <summary>Creates the reader and its gauge.</summary>
    public StreamLag(IStreamQueueStore store, IOptions<StreamOptions> options)
    {
        _store = store;
        _options = options.Value;
        _meter = new Meter(MeterName);
        _meter.CreateObservableGauge(GaugeName, Observe, "{event}", "Outbox events not yet delivered, all queues");
    }

    /// <summary>Every queue's owner, checkpoint and pending count.</summary>
    public async Task<IReadOnlyList<QueueLag>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<QueueLag>(_options.QueueCount);
        for (var queue = 0; queue < _options.QueueCount; queue++)
        {
            var row = await _store.ReadQueueAsync(queue, cancellationToken).ConfigureAwait(false);
            var pending = await _store.CountAfterAsync(queue, _options.QueueCount, row.Checkpoint, cancellationToken).ConfigureAwait(false);
            result.Add(new QueueLag(row, pending));
        }
        Interlocked.Exchange(ref _lastTotal, result.Sum(q => q.Pending));
        Interlocked.Exchange(ref _lastReadTicks, Environment.TickCount64);
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    // No measurement until the first count is in (a 0 would claim the streams are caught up).
    private IEnumerable<Measurement<long>> Observe()
    {
        var total = Interlocked.Read(ref _lastTotal);
        var stale = total < 0 || Environment.TickCount64 - Interlocked.Read(ref _lastReadTicks) > RefreshAfter.TotalMilliseconds;
        if (stale && Interlocked.Exchange(ref _refreshing, 1) == 0) _ = RefreshAsync();
        return total < 0 ? [] : [new Measurement<long>(total)];
    }

    private async Task RefreshAsync()
    {
        try
        {
            await ReadAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The database is away: the gauge keeps its last value; readiness and the logs tell the operator.
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }
}

/// <summary>One queue's state and how many committed events wait after its checkpoint.</summary>
public sealed record QueueLag(QueueRow Queue, long Pending);
