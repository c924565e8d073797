namespace MemberCard.Runtime.Streams;

/// <summary>Settings of the persistent stream agents.</summary>
public sealed class StreamOptions
{
    /// <summary>
    /// Number of queues the outbox is split into. Every silo of a cluster must use the same number, and changing it
    /// on a running database resets the meaning of the checkpoints (drain first).
    /// </summary>
    public int QueueCount { get; set; } = 8;

    /// <summary>Most events read and delivered at once; a read looks at up to BatchSize × QueueCount outbox rows.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>How long an agent with nothing to read waits before reading again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a queue stays owned after its owner last renewed it; another silo may take it after.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts to deliver one event to one consumer before it goes to the dead letters.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First wait between attempts; doubled after each failed attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether this silo runs agents at all (a front-door-only process may say no).</summary>
    public bool Enabled { get; set; } = true;
}
