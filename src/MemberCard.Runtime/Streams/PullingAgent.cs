using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.Streams;

/// <summary>
/// Pulls one queue: takes the queue's lease, reads committed events after the checkpoint, delivers them to every
/// subscribed consumer, then commits the checkpoint (so a crash between delivery and commit redelivers, never
/// skips). An event that keeps failing for a consumer goes to the dead letters, and so do the later events of its
/// stream for that consumer, until a replay delivers them in order. The steps are public to tests; the host calls
/// <see cref="RunAsync"/>.
/// </summary>
public sealed class PullingAgent(
    int queue,
    IStreamQueueStore store,
    IReadOnlyList<IStreamConsumer> consumers,
    StreamOptions options,
    string owner,
    Func<string, bool> isLiveOwner,
    TimeProvider clock,
    ILogger logger)
{
    private const int DeadLetterPage = 500;
    private readonly HashSet<(string Consumer, string Stream)> _parked = [];
    private bool _more;
    private QueueRow? _lease;
    private DateTimeOffset _renewDue;

    /// <summary>The queue this agent pulls.</summary>
    public int Queue => queue;

    /// <summary>The held lease, or null while another silo holds the queue.</summary>
    public QueueRow? Lease => _lease;

    /// <summary>Pulls until cancelled or until the queue is taken over; releases the lease on the way out.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (_lease is null && !await TryAcquireAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await Task.Delay(options.PollInterval, clock, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    await PumpAsync(cancellationToken).ConfigureAwait(false);
                    if (_lease is null) return; // taken over
                    if (!_more) await Task.Delay(options.PollInterval, clock, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    // The database is down or a read failed: nothing was checkpointed, so nothing is lost; try later.
                    logger.LogWarning(e, "Stream queue {Queue} agent failed; retrying", queue);
                    await Task.Delay(options.PollInterval, clock, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (_lease is { } lease)
            {
                try
                {
                    await store.ReleaseAsync(queue, owner, lease.Epoch, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // The lease runs out by itself; the next owner only waits longer.
                    logger.LogWarning(e, "Stream queue {Queue} lease could not be released", queue);
                }
                _lease = null;
            }
        }
    }

    /// <summary>
    /// Takes the queue when it is free: never owned, owned by this silo before, its lease run out, or its owner no
    /// longer live in the cluster view. True when this agent now holds it.
    /// </summary>
    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken = default)
    {
        var row = await store.ReadQueueAsync(queue, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var free = row.Owner is null || row.Owner == owner || row.LeaseUntil is null || row.LeaseUntil <= now || !isLiveOwner(row.Owner);
        if (!free) return false;
        _lease = await store.TryAcquireAsync(queue, row.Epoch, owner, now + options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        if (_lease is null) return false;
        _renewDue = now + options.LeaseDuration / 3;
        _parked.Clear();
        await foreach (var letter in DeadLettersAsync(replayRequestedOnly: false, cancellationToken).ConfigureAwait(false))
            _parked.Add((letter.Consumer, letter.Event.Stream));
        logger.LogInformation("Stream queue {Queue} acquired by {Owner} at epoch {Epoch}, checkpoint {Checkpoint}", queue, owner, _lease.Epoch, _lease.Checkpoint);
        return true;
    }

    /// <summary>
    /// One round: replays requested dead letters, delivers the next batch, commits the checkpoint (which also renews
    /// the lease). Returns how many new events were read; when the lease was lost, <see cref="Lease"/> is null after.
    /// </summary>
    public async Task<int> PumpAsync(CancellationToken cancellationToken = default)
    {
        var lease = _lease ?? throw new InvalidOperationException("The agent does not hold its queue.");
        await ReplayAsync(cancellationToken).ConfigureAwait(false);
        var read = await store.ReadAsync(queue, options.QueueCount, lease.Checkpoint, options.BatchSize, cancellationToken).ConfigureAwait(false);
        var events = read.Events;
        _more = read.More;
        foreach (var consumer in consumers)
        {
            var subscribed = events.Where(e => consumer.Namespaces.Contains(e.Namespace)).ToList();
            if (subscribed.Count > 0) await DeliverAsync(consumer, subscribed, cancellationToken).ConfigureAwait(false);
        }
        var now = clock.GetUtcNow();
        // The checkpoint moves past other queues' rows too, so the next read does not look at them again.
        var checkpoint = read.ScannedTo.CompareTo(lease.Checkpoint) > 0 ? read.ScannedTo : lease.Checkpoint;
        if (checkpoint == lease.Checkpoint && now < _renewDue) return 0;
        var leaseUntil = now + options.LeaseDuration;
        if (!await store.CommitAsync(queue, owner, lease.Epoch, checkpoint, leaseUntil, cancellationToken).ConfigureAwait(false))
        {
            logger.LogWarning("Stream queue {Queue} was taken over; agent on {Owner} stops", queue, owner);
            _lease = null;
            return events.Count;
        }
        _lease = lease with { Checkpoint = checkpoint, LeaseUntil = leaseUntil };
        _renewDue = now + options.LeaseDuration / 3;
        return events.Count;
    }

    private async Task DeliverAsync(IStreamConsumer consumer, List<StreamEvent> events, CancellationToken cancellationToken)
    {
        if (!events.Any(e => _parked.Contains((consumer.Name, e.Stream))))
        {
            try
            {
                await consumer.DeliverAsync(events, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Consumer {Consumer} failed a batch of {Count} on queue {Queue}; delivering one by one", consumer.Name, events.Count, queue);
            }
        }
        foreach (var item in events) await DeliverOneAsync(consumer, item, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeliverOneAsync(IStreamConsumer consumer, StreamEvent item, CancellationToken cancellationToken)
    {
        if (_parked.Contains((consumer.Name, item.Stream)))
        {
            await ParkAsync(consumer, item, 0, "waiting behind an earlier dead letter of the same stream", cancellationToken).ConfigureAwait(false);
            return;
        }
        var delay = options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await consumer.DeliverAsync([item], cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= options.MaxAttempts)
                {
                    logger.LogError(e, "Consumer {Consumer} failed {Stream} {Sequence} {Attempts} times; dead-lettered", consumer.Name, item.Stream, item.Sequence, attempt);
                    await ParkAsync(consumer, item, attempt, e.Message, cancellationToken).ConfigureAwait(false);
                    return;
                }
                if (delay > TimeSpan.Zero) await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }

    private async Task ParkAsync(IStreamConsumer consumer, StreamEvent item, int attempts, string error, CancellationToken cancellationToken)
    {
        await store.AddDeadLetterAsync(
            new DeadLetter(0, consumer.Name, queue, item, attempts, error, clock.GetUtcNow(), false), cancellationToken).ConfigureAwait(false);
        _parked.Add((consumer.Name, item.Stream));
    }

    private async Task ReplayAsync(CancellationToken cancellationToken)
    {
        var requested = new List<DeadLetter>();
        await foreach (var letter in DeadLettersAsync(replayRequestedOnly: true, cancellationToken).ConfigureAwait(false)) requested.Add(letter);
        if (requested.Count == 0) return;
        foreach (var group in requested.GroupBy(l => (l.Consumer, l.Event.Stream)))
        {
            var consumer = consumers.FirstOrDefault(c => c.Name == group.Key.Consumer);
            var failed = false;
            foreach (var letter in group.OrderBy(l => l.Id))
            {
                if (consumer is null || failed)
                {
                    await store.RecordReplayFailureAsync(letter.Id, consumer is null ? "no such consumer on this silo" : "an earlier event of the stream failed again",
                        clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                try
                {
                    await consumer.DeliverAsync([letter.Event], cancellationToken).ConfigureAwait(false);
                    await store.DeleteDeadLetterAsync(letter.Id, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failed = true;
                    await store.RecordReplayFailureAsync(letter.Id, e.Message, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }
            }
            if (!failed && !await HasDeadLettersAsync(group.Key.Consumer, group.Key.Stream, cancellationToken).ConfigureAwait(false))
                _parked.Remove(group.Key);
        }
    }

    private async Task<bool> HasDeadLettersAsync(string consumer, string stream, CancellationToken cancellationToken)
    {
        await foreach (var letter in DeadLettersAsync(replayRequestedOnly: false, cancellationToken).ConfigureAwait(false))
            if (letter.Consumer == consumer && letter.Event.Stream == stream) return true;
        return false;
    }

    private async IAsyncEnumerable<DeadLetter> DeadLettersAsync(bool replayRequestedOnly, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0L;
        while (true)
        {
            var page = await store.ReadDeadLettersAsync(after, DeadLetterPage, queue, replayRequestedOnly, cancellationToken).ConfigureAwait(false);
            foreach (var letter in page) yield return letter;
            if (page.Count < DeadLetterPage) yield break;
            after = page[^1].Id;
        }
    }
}
