using MemberCard.Runtime.Streams;

namespace MemberCard.Storage.Streams;

/// <summary>
/// Delivers the dead letters an operator asked to replay (the dead-letter endpoints): the receiver of their queue, the
/// one silo that owns it, hands each consumer's letters of one source, oldest first, to that consumer's grain for the
/// queue's stream. A delivered letter is deleted; a failure records the error and fails the source's later letters
/// too (their order matters), so nothing is applied out of order.
/// </summary>
internal sealed class OutboxReplayer(IStreamQueueStore store, IGrainFactory grains, TimeProvider clock)
{
    public async Task ReplayAsync(int queue, CancellationToken cancellationToken)
    {
        var requested = await store.ReadDeadLettersAsync(0, 1000, queue, replayRequestedOnly: true, cancellationToken);
        foreach (var source in requested.GroupBy(l => (l.Consumer, l.Event.Stream)))
        {
            var consumer = grains.GetGrain<IOutboxConsumerGrain>(GrainId.Create(source.Key.Consumer, queue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            string? failure = null;
            foreach (var letter in source.OrderBy(l => l.Id))
            {
                if (failure is null)
                {
                    try
                    {
                        await consumer.ReplayAsync([OutboxEvent.From(letter.Event)]);
                        await store.DeleteDeadLetterAsync(letter.Id, cancellationToken);
                        continue;
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        failure = e.Message;
                        await store.RecordReplayFailureAsync(letter.Id, failure, clock.GetUtcNow(), cancellationToken);
                        failure = "an earlier event of the stream failed again";
                        continue;
                    }
                }
                await store.RecordReplayFailureAsync(letter.Id, failure, clock.GetUtcNow(), cancellationToken);
            }
        }
    }
}
