using MemberCard.Runtime.Storage;

namespace MemberCard.Runtime.Streams;

/// <summary>
/// <see cref="IStreamQueueStore"/> over <see cref="InMemoryGrainStorage"/>'s outbox, with the same compare-and-swap
/// rules as the database store; for unit tests. Event times are the clock's time when read (the in-memory outbox
/// keeps none).
/// </summary>
public sealed class InMemoryStreamQueueStore(InMemoryGrainStorage storage, TimeProvider clock) : IStreamQueueStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, QueueRow> _queues = [];
    private readonly List<DeadLetter> _deadLetters = [];
    private long _nextDeadLetterId = 1;

    /// <inheritdoc />
    public Task<StreamRead> ReadAsync(int queue, int queueCount, StreamPosition after, int limit, CancellationToken cancellationToken = default)
    {
        // Same rule as the database store: look at up to limit × queueCount rows after the checkpoint.
        var now = clock.GetUtcNow();
        var outbox = storage.Outbox;
        var events = new List<StreamEvent>();
        var scannedTo = after;
        var first = (int)Math.Max(0, after.Id);
        var window = (long)limit * queueCount;
        var i = first;
        for (; i < outbox.Count && i - first < window; i++)
        {
            var (grain, version, index, item) = outbox[i];
            var position = new StreamPosition(0, i + 1);
            scannedTo = position;
            if (StreamQueues.QueueOf(grain.Type, grain.Key, queueCount) != queue) continue;
            events.Add(new StreamEvent(grain.Type, grain.Key, new StreamSequence(version, index), item.Kind, item.Json, now, position));
            if (events.Count == limit) return Task.FromResult(new StreamRead(events, scannedTo, More: true));
        }
        return Task.FromResult(new StreamRead(events, scannedTo, More: i - first >= window));
    }

    /// <inheritdoc />
    public Task<long> CountAfterAsync(int queue, int queueCount, StreamPosition after, CancellationToken cancellationToken = default) =>
        Task.FromResult((long)Events(queue, queueCount, after).Count());

    /// <inheritdoc />
    public Task<QueueRow> ReadQueueAsync(int queue, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(Row(queue));
    }

    /// <inheritdoc />
    public Task<QueueRow?> TryAcquireAsync(int queue, long expectedEpoch, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var row = Row(queue);
            if (row.Epoch != expectedEpoch) return Task.FromResult<QueueRow?>(null);
            var next = row with { Owner = owner, Epoch = row.Epoch + 1, LeaseUntil = leaseUntil };
            _queues[queue] = next;
            return Task.FromResult<QueueRow?>(next);
        }
    }

    /// <inheritdoc />
    public Task<bool> CommitAsync(int queue, string owner, long epoch, StreamPosition checkpoint, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var row = Row(queue);
            if (row.Owner != owner || row.Epoch != epoch) return Task.FromResult(false);
            _queues[queue] = row with { Checkpoint = checkpoint, LeaseUntil = leaseUntil };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(int queue, string owner, long epoch, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var row = Row(queue);
            if (row.Owner == owner && row.Epoch == epoch) _queues[queue] = row with { Owner = null, LeaseUntil = null };
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AddDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        lock (_lock)
        {
            if (!_deadLetters.Any(l => l.Consumer == letter.Consumer && l.Event.Stream == letter.Event.Stream && l.Event.Sequence == letter.Event.Sequence))
                _deadLetters.Add(letter with { Id = _nextDeadLetterId++ });
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(
        long afterId, int limit, int? queue = null, bool replayRequestedOnly = false, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<DeadLetter>>([.. _deadLetters
                .Where(l => l.Id > afterId && (queue is null || l.Queue == queue) && (!replayRequestedOnly || l.ReplayRequested))
                .Take(limit)]);
        }
    }

    /// <inheritdoc />
    public Task<bool> RequestReplayAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var target = _deadLetters.FirstOrDefault(l => l.Id == id);
            if (target is null) return Task.FromResult(false);
            for (var i = 0; i < _deadLetters.Count; i++)
            {
                var l = _deadLetters[i];
                if (l.Consumer == target.Consumer && l.Event.Stream == target.Event.Stream) _deadLetters[i] = l with { ReplayRequested = true };
            }
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task DeleteDeadLetterAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_lock) _deadLetters.RemoveAll(l => l.Id == id);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RecordReplayFailureAsync(long id, string error, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var i = _deadLetters.FindIndex(l => l.Id == id);
            if (i >= 0) _deadLetters[i] = _deadLetters[i] with { Attempts = _deadLetters[i].Attempts + 1, Error = error, FailedAt = at, ReplayRequested = false };
        }
        return Task.CompletedTask;
    }

    private QueueRow Row(int queue) => _queues.TryGetValue(queue, out var row) ? row : _queues[queue] = new QueueRow(queue, null, 0, null, StreamPosition.Start);

    private IEnumerable<StreamEvent> Events(int queue, int queueCount, StreamPosition after)
    {
        var now = clock.GetUtcNow();
        var outbox = storage.Outbox;
        for (var i = 0; i < outbox.Count; i++)
        {
            var (grain, version, index, item) = outbox[i];
            var position = new StreamPosition(0, i + 1);
            if (position.CompareTo(after) <= 0 || StreamQueues.QueueOf(grain.Type, grain.Key, queueCount) != queue) continue;
            yield return new StreamEvent(grain.Type, grain.Key, new StreamSequence(version, index), item.Kind, item.Json, now, position);
        }
    }
}
