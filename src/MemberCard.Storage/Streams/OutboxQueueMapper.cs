using System.Globalization;
using Orleans.Streams;

namespace MemberCard.Storage.Streams;

/// <summary>
/// The outbox's queues as Orleans sees them: queue <c>i</c> carries the streams <c>(grain type, "i")</c>, so a stream's
/// key is its queue number. The queues sit at even intervals of Orleans' consistent ring, so its default queue balancer
/// spreads them over the silos as it does a hash-ring mapper's.
/// </summary>
internal sealed class OutboxQueueMapper : IConsistentRingStreamQueueMapper
{
    private const string Prefix = "outbox";
    private readonly QueueId[] _queues;

    public OutboxQueueMapper(int queueCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCount, 1);
        var spacing = (uint)(uint.MaxValue / (ulong)queueCount);
        _queues = [.. Enumerable.Range(0, queueCount).Select(i => QueueId.GetQueueId(Prefix, (uint)i, spacing * (uint)i))];
    }

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range) => _queues.Where(q => range.InRange(q.GetUniformHashCode()));

    public int QueueCount => _queues.Length;

    public IEnumerable<QueueId> GetAllQueues() => _queues;

    public QueueId GetQueueForStream(StreamId streamId) => _queues[QueueOf(streamId)];

    /// <summary>The queue number of an outbox stream.</summary>
    public int QueueOf(StreamId streamId) =>
        int.TryParse(streamId.GetKeyAsString(), NumberStyles.None, CultureInfo.InvariantCulture, out var queue) && queue < _queues.Length
            ? queue
            : throw new ArgumentException($"{streamId} is not an outbox stream: its key must be a queue number below {_queues.Length}.", nameof(streamId));

    /// <summary>The queue number of an Orleans queue id.</summary>
    public static int QueueOf(QueueId queueId) => (int)queueId.GetNumericId();

    /// <summary>The stream of <paramref name="grainType"/>'s events in <paramref name="queue"/>.</summary>
    public static StreamId StreamOf(string grainType, int queue) => StreamId.Create(grainType, queue.ToString(CultureInfo.InvariantCulture));
}
