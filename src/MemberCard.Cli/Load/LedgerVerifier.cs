using System.Collections.Concurrent;

namespace MemberCard.Cli.Load;

/// <summary>
/// After the load, reads a sample of cards back: each card's balance and points must equal the sums of
/// <c>balanceDelta</c> and <c>pointsDelta</c> over its whole ledger, and its balance must equal what the
/// answers this tool received add up to (when no request on the card failed without an answer): an acknowledged write the
/// server lost, or one it applied twice, shows as a difference.
/// </summary>
internal sealed class LedgerVerifier(PosApi api, LoadOptions options)
{
    private const int PageSize = 200;
    private const int Parallelism = 8;
    private const int MaxPages = 100_000;

    public async Task<VerificationReport> VerifyAsync(CardBook cards, CancellationToken abort)
    {
        // Only the cards the rounds sent requests to: with --hot-cards or --burst, the others were only seeded.
        var sample = Sample(Math.Min(cards.Count, options.TouchedCards), options.VerifySample);
        var problems = new ConcurrentQueue<string>();
        var acknowledgedChecked = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = abort };
        await Parallel.ForEachAsync(sample, parallel, async (index, token) =>
        {
            var problem = await VerifyCardAsync(cards, index, token);
            if (problem is not null) problems.Enqueue(problem);
            else if (cards.ExpectedBalance(index) is not null) Interlocked.Increment(ref acknowledgedChecked);
        });
        var sorted = problems.Order(StringComparer.Ordinal).ToList();
        return new VerificationReport(sorted.Count == 0, sample.Length, acknowledgedChecked, sorted);
    }

    // Returns what is wrong with the card, or null when it checks out.
    private async Task<string?> VerifyCardAsync(CardBook cards, int index, CancellationToken abort)
    {
        var card = cards[index];
        using var deadline = new RequestDeadline(options.RequestTimeout, abort);
        var (result, state) = await api.CallAsync((client, token) => client.Cards.GetAsync(card.CardNo, token), 200, deadline);
        if (state is null) return $"card {card.CardNo}: GET answered {result.Label}";

        long balanceSum = 0, pointsSum = 0, entries = 0;
        string? cursor = null;
        for (var page = 0; ; page++)
        {
            if (page == MaxPages) return $"card {card.CardNo}: the ledger did not end after {MaxPages} pages";
            var from = cursor;
            (result, var items) = await api.CallAsync(
                (client, token) => client.Cards.ListTransactionsPageAsync(card.CardNo, PageSize, from, token), 200, deadline);
            if (items is null) return $"card {card.CardNo}: GET transactions answered {result.Label}";
            foreach (var item in items.Items)
            {
                balanceSum += item.BalanceDelta;
                pointsSum += item.PointsDelta;
                entries++;
            }
            if (items.NextCursor is null) break;
            if (items.NextCursor == cursor) return $"card {card.CardNo}: the ledger cursor does not move";
            cursor = items.NextCursor;
        }

        var wrong = new List<string>();
        if (balanceSum != state.Balance) wrong.Add($"balance {state.Balance} but the {entries} ledger entries add up to {balanceSum}");
        if (pointsSum != state.Points) wrong.Add($"points {state.Points} but the ledger adds up to {pointsSum}");
        if (cards.ExpectedBalance(index) is { } expected && expected != state.Balance)
            wrong.Add($"balance {state.Balance} but the acknowledged answers add up to {expected}");
        return wrong.Count == 0 ? null : $"card {card.CardNo}: {string.Join("; ", wrong)}";
    }

    // A random sample, so that repeated runs look at different cards; all of them when there are fewer.
    private static int[] Sample(int count, int size)
    {
        var indexes = Enumerable.Range(0, count).ToArray();
        if (size == 0 || size >= count) return indexes;
        Random.Shared.Shuffle(indexes);
        return indexes[..size];
    }
}
