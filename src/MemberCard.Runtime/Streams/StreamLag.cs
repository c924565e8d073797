using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace MemberCard.Runtime.Streams;

/// <summary>
/// How far each queue's checkpoint trails the outbox: the queue row plus the number of committed events after its
/// checkpoint. Also published as the <c>membercard.streams.lag</c> gauge (events not yet delivered, all queues).
/// </summary>
public sealed class StreamLag : IDisposable
{
    /// <summary>Name of the meter that carries the lag gauge.</summary>
    public const string MeterName = "MemberCard.Streams";

    private readonly IStreamQueueStore _store;
    private readonly StreamOptions _options;
    private readonly Meter _meter;
    private long _lastTotal;

    /// <summary>Creates the reader and its gauge.</summary>
    public StreamLag(IStreamQueueStore store, IOptions<StreamOptions> options)
    {
        _store = store;
        _options = options.Value;
        _meter = new Meter(MeterName);
        // Gauges are read synchronously; the value is the one computed by the last ReadAsync.
        _meter.CreateObservableGauge("membercard.streams.lag", () => Interlocked.Read(ref _lastTotal), "{event}", "Outbox events not yet delivered");
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
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}

/// <summary>One queue's state and how many committed events wait after its checkpoint.</summary>
public sealed record QueueLag(QueueRow Queue, long Pending);
