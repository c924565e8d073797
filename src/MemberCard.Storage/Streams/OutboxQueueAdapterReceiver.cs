using MemberCard.Runtime.Streams;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using StreamPosition = MemberCard.Runtime.Streams.StreamPosition;

namespace MemberCard.Storage.Streams;

/// <summary>
/// Reads one outbox queue for Orleans' pulling agent. On start it takes the queue's ownership row (a new epoch, so a
/// previous owner's checkpoint writes are refused from then on) and resumes at the checkpoint. Reads follow commit
/// order (on PostgreSQL only below the oldest running transaction, so no event is skipped). The checkpoint moves only
/// when Orleans reports batches delivered (purged from its cache after every consumer passed them), so a crash replays
/// from the last delivered batch: at least once.
/// </summary>
internal sealed partial class OutboxQueueAdapterReceiver(
    int queue, IStreamQueueStore store, OutboxStreamOptions options, string owner, OutboxDeliveryFailureHandler failures,
    OutboxReplayer replayer, TimeProvider clock, ILogger logger) : IQueueAdapterReceiver
{
    private readonly Queue<StreamPosition> _undelivered = new();
    private StreamPosition _read;
    private StreamPosition _checkpoint;
    private long _epoch;
    private DateTimeOffset _renewedAt;
    private bool _lost;
    private DateTimeOffset _replayCheckedAt;

    public async Task Initialize(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        for (var attempt = 0; ; attempt++)
        {
            var row = await store.ReadQueueAsync(queue, cancel.Token);
            var taken = await store.TryAcquireAsync(queue, row.Epoch, owner, clock.GetUtcNow() + options.LeaseDuration, cancel.Token);
            if (taken is not null)
            {
                (_epoch, _read, _checkpoint, _renewedAt) = (taken.Epoch, taken.Checkpoint, taken.Checkpoint, clock.GetUtcNow());
                return;
            }
            if (attempt == 10) throw new InvalidOperationException($"Outbox queue {queue} kept changing owner; could not take it.");
        }
    }

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        if (_lost || maxCount <= 0) return [];
        if (clock.GetUtcNow() - _replayCheckedAt >= options.ReplayCheckInterval)
        {
            _replayCheckedAt = clock.GetUtcNow();
            await replayer.ReplayAsync(queue, cancellationToken);
        }
        var read = await store.ReadAsync(queue, options.QueueCount, _read, Math.Min(maxCount, options.BatchSize), cancellationToken);
        if (read.ScannedTo.CompareTo(_read) > 0) _read = read.ScannedTo;
        if (read.Events.Count == 0)
        {
            // Nothing of ours among the rows looked at: nothing to wait for, unless batches are still being delivered.
            if (_undelivered.Count == 0 && _read.CompareTo(_checkpoint) > 0) await SaveCheckpointAsync(_read, cancellationToken);
            else if (clock.GetUtcNow() - _renewedAt > options.LeaseDuration / 3) await SaveCheckpointAsync(_checkpoint, cancellationToken);
            return [];
        }
        var batches = Batches(read);
        foreach (var batch in batches)
        {
            _undelivered.Enqueue(batch.CheckpointAfter);
            failures.Track(batch);
        }
        return [.. batches];
    }

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => await MessagesDeliveredAsync(messages, CancellationToken.None);

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        var checkpoint = _checkpoint;
        foreach (var message in messages)
        {
            if (message is not OutboxBatch batch) continue;
            failures.Forget(batch);
            // Orleans purges its cache oldest first, so deliveries arrive in read order.
            if (_undelivered.Count > 0) _undelivered.Dequeue();
            if (batch.CheckpointAfter.CompareTo(checkpoint) > 0) checkpoint = batch.CheckpointAfter;
        }
        if (_undelivered.Count == 0 && _read.CompareTo(checkpoint) > 0) checkpoint = _read;
        if (checkpoint.CompareTo(_checkpoint) > 0) await SaveCheckpointAsync(checkpoint, cancellationToken);
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        if (_lost) return;
        using var cancel = new CancellationTokenSource(timeout);
        await store.ReleaseAsync(queue, owner, _epoch, cancel.Token);
    }

    /// <summary>Runs of consecutive events of one grain type, each one Orleans batch; the last carries the read's reach.</summary>
    private List<OutboxBatch> Batches(StreamRead read)
    {
        var batches = new List<OutboxBatch>();
        var start = 0;
        for (var i = 1; i <= read.Events.Count; i++)
        {
            if (i < read.Events.Count && read.Events[i].Namespace == read.Events[start].Namespace) continue;
            var run = read.Events.Skip(start).Take(i - start).Select(OutboxEvent.From).ToList();
            var reach = i == read.Events.Count ? read.ScannedTo : run[^1].Position;
            batches.Add(new OutboxBatch(OutboxQueueMapper.StreamOf(run[0].Namespace, queue), run, reach));
            start = i;
        }
        return batches;
    }

    private async Task SaveCheckpointAsync(StreamPosition checkpoint, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await store.CommitAsync(queue, owner, _epoch, checkpoint, now + options.LeaseDuration, cancellationToken))
        {
            (_checkpoint, _renewedAt) = (checkpoint, now);
            return;
        }
        // Another silo took the queue (Orleans rebalanced it): it resumes from the last checkpoint; we stop reading.
        _lost = true;
        LogQueueLost(logger, queue, _epoch);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox queue {Queue} was taken over by another silo (our epoch {Epoch}); this receiver stops reading it")]
    private static partial void LogQueueLost(ILogger logger, int queue, long epoch);
}
