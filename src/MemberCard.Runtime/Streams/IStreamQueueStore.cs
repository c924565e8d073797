namespace MemberCard.Runtime.Streams;

/// <summary>
/// Durable side of the stream agents: reads committed outbox events of one queue in commit order, keeps each
/// queue's owner lease and checkpoint on one row (changed only by compare-and-swap on the lease epoch), and keeps
/// the dead letters.
/// </summary>
public interface IStreamQueueStore
{
    /// <summary>
    /// Up to <paramref name="limit"/> events of <paramref name="queue"/> strictly after <paramref name="after"/>, in
    /// commit order, found among at most <paramref name="limit"/> × <paramref name="queueCount"/> outbox rows; and
    /// how far the read looked (<see cref="StreamRead.ScannedTo"/>: no event of the queue up to there is missing from
    /// the result). Never returns or passes an event while an event that commits before it may still be in flight.
    /// </summary>
    Task<StreamRead> ReadAsync(int queue, int queueCount, StreamPosition after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Number of committed events of <paramref name="queue"/> after <paramref name="after"/> (the lag).</summary>
    Task<long> CountAfterAsync(int queue, int queueCount, StreamPosition after, CancellationToken cancellationToken = default);

    /// <summary>The queue's row (created on first use).</summary>
    Task<QueueRow> ReadQueueAsync(int queue, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="owner"/> the owner until <paramref name="leaseUntil"/>, if the row still has
    /// <paramref name="expectedEpoch"/>; the epoch then grows by one. Returns the new row, or null when someone
    /// else changed the row first.
    /// </summary>
    Task<QueueRow?> TryAcquireAsync(int queue, long expectedEpoch, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="checkpoint"/> and extends the lease, only while <paramref name="owner"/> still holds
    /// the queue at <paramref name="epoch"/>. False means the queue was taken over: the agent must stop.
    /// </summary>
    Task<bool> CommitAsync(int queue, string owner, long epoch, StreamPosition checkpoint, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Gives the queue up (lease ends now) if still held at <paramref name="epoch"/>.</summary>
    Task ReleaseAsync(int queue, string owner, long epoch, CancellationToken cancellationToken = default);

    /// <summary>Records a dead letter; a second one for the same consumer and event is ignored.</summary>
    Task AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Dead letters, oldest first, after id <paramref name="afterId"/>; only those of one queue when
    /// <paramref name="queue"/> is given, only those waiting for a replay when <paramref name="replayRequestedOnly"/>.
    /// </summary>
    Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(
        long afterId, int limit, int? queue = null, bool replayRequestedOnly = false, CancellationToken cancellationToken = default);

    /// <summary>Asks the owning agent to deliver again every dead letter of the same consumer and stream as <paramref name="id"/>.</summary>
    Task<bool> RequestReplayAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Deletes a dead letter that was delivered on replay.</summary>
    Task DeleteDeadLetterAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Records a failed replay: attempts grow, the replay request is cleared.</summary>
    Task RecordReplayFailureAsync(long id, string error, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>A queue's ownership and checkpoint row.</summary>
public sealed record QueueRow(int Queue, string? Owner, long Epoch, DateTimeOffset? LeaseUntil, StreamPosition Checkpoint);

/// <summary>
/// An event a consumer could not apply after every attempt, or that waits behind such an event of its stream
/// (so the stream's order holds for that consumer).
/// </summary>
public sealed record DeadLetter(
    long Id, string Consumer, int Queue, StreamEvent Event, int Attempts, string Error, DateTimeOffset FailedAt, bool ReplayRequested);

/// <summary>
/// The result of one read: the queue's events, and the position up to which every event of the queue is among
/// them (at least the last event's position; <c>after</c> when nothing was examined). The checkpoint may move there.
/// <see cref="More"/>: the read stopped at a limit (the batch or the rows it may look at), so read again at once.
/// </summary>
public sealed record StreamRead(IReadOnlyList<StreamEvent> Events, StreamPosition ScannedTo, bool More);
