namespace MemberCard.Storage.Streams;

/// <summary>Settings of the outbox stream provider.</summary>
public sealed class OutboxStreamOptions
{
    /// <summary>
    /// Number of queues the outbox is split into (an event's queue is its source stream's hash modulo this). Every silo
    /// of a cluster must use the same number; changing it on a running database resets the meaning of the checkpoints
    /// (drain first).
    /// </summary>
    public int QueueCount { get; set; } = 8;

    /// <summary>Most events one read takes from a queue; a read looks at up to BatchSize × QueueCount outbox rows.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>How long a queue's ownership row is held after its owner last renewed it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a queue's owner looks for dead letters an operator asked to replay.</summary>
    public TimeSpan ReplayCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a consumer tries an event of a failed batch before it dead-letters it.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the second attempt; it doubles for each attempt after.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
