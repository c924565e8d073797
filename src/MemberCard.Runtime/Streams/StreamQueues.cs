namespace MemberCard.Runtime.Streams;

/// <summary>How streams map to queues and queues to silos.</summary>
public static class StreamQueues
{
    /// <summary>
    /// The stream's hash, stored with each outbox row; the queue is this modulo the queue count, so every event of
    /// one stream lands in one queue.
    /// </summary>
    public static long HashOf(string grainType, string grainKey) => StableHash.Of($"{grainType}/{grainKey}");

    /// <summary>The queue of a stream.</summary>
    public static int QueueOf(string grainType, string grainKey, int queueCount) => (int)(HashOf(grainType, grainKey) % queueCount);
}
