using MemberCard.Abstractions.Cards;

namespace MemberCard.Server.Cards;

/// <summary>
/// Sends a card's POS top-ups and purchases to its grain: as the usual single call while no call of this silo to the
/// card is running; otherwise the request waits in the card's lane, and when the running call returns, what waits
/// goes as one <see cref="ICardGrain.ExecuteBatchAsync"/> (one turn, one commit; docs/architecture.md, "A hot card").
/// A purchase with a coupon always goes alone (two in one batch would take the same redemption claim).
/// </summary>
public sealed class CardWriteBatcher
{
    /// <summary>The most requests sent in one batch.</summary>
    public const int MaxBatch = 64;

    // A card with a call of ours running → the requests waiting behind it (null until one waits: most never do).
    private readonly Dictionary<string, Queue<Waiting>?> _lanes = [];

    /// <summary>Tops up the card.</summary>
    public Task<CardTransaction> TopUpAsync(ICardGrain card, TopUp command) => SendAsync(card, new CardWrite(TopUp: command));

    /// <summary>Pays an order with the card.</summary>
    public Task<CardTransaction> PurchaseAsync(ICardGrain card, Purchase command) =>
        command.CouponCode is null ? SendAsync(card, new CardWrite(Purchase: command)) : card.PurchaseAsync(command);

    private Task<CardTransaction> SendAsync(ICardGrain card, CardWrite write)
    {
        var key = card.GetPrimaryKeyString();
        lock (_lanes)
        {
            if (_lanes.TryGetValue(key, out var lane))
            {
                var waiting = new Waiting(write);
                if (lane is null) _lanes[key] = lane = new Queue<Waiting>();
                lane.Enqueue(waiting);
                return waiting.Answer.Task;
            }
            _lanes[key] = null;
        }
        return AloneAsync(card, key, write);
    }

    private async Task<CardTransaction> AloneAsync(ICardGrain card, string key, CardWrite write)
    {
        try
        {
            return await write.RunOn(card);
        }
        finally
        {
            if (NextBatch(key) is { } batch)
            {
                // The lane runs on no request's context: its calls are not part of this request's trace.
                using (ExecutionContext.SuppressFlow()) _ = Task.Run(() => DrainAsync(card, key, batch));
            }
        }
    }

    private async Task DrainAsync(ICardGrain card, string key, Waiting[] batch)
    {
        for (var next = batch; next is not null; next = NextBatch(key)) await SendBatchAsync(card, next);
    }

    // What waits in the card's lane, or null after closing the lane when nothing does.
    private Waiting[]? NextBatch(string key)
    {
        lock (_lanes)
        {
            if (_lanes[key] is not { Count: > 0 } lane)
            {
                _lanes.Remove(key);
                return null;
            }
            var batch = new Waiting[Math.Min(lane.Count, MaxBatch)];
            for (var i = 0; i < batch.Length; i++) batch[i] = lane.Dequeue();
            return batch;
        }
    }

    private static async Task SendBatchAsync(ICardGrain card, Waiting[] batch)
    {
        try
        {
            var outcomes = await card.ExecuteBatchAsync([.. batch.Select(w => w.Write)]);
            for (var i = 0; i < batch.Length; i++)
            {
                if (outcomes[i].Refusal is { } refusal) batch[i].Answer.TrySetException(refusal);
                else batch[i].Answer.TrySetResult(outcomes[i].Transaction!);
            }
        }
        catch (Exception e)
        {
            foreach (var waiting in batch) waiting.Answer.TrySetException(e);
        }
    }

    private sealed class Waiting(CardWrite write)
    {
        public CardWrite Write { get; } = write;

        public TaskCompletionSource<CardTransaction> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
