using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;

namespace MemberCard.Grains.Cards;

/// <summary>
/// A batch of a hot card's top-ups and purchases: decided one after another in this turn, each by the code its own
/// call runs, and committed as one write (docs/architecture.md, "A hot card").
/// </summary>
public sealed partial class CardGrain
{
    // What the staged requests moved, counted in the metrics once the batch committed.
    private readonly List<CardTransaction> _batchMoved = [];

    public async Task<IReadOnlyList<CardWriteOutcome>> ExecuteBatchAsync(IReadOnlyList<CardWrite> writes)
    {
        if (writes.Count > 1 && await StagedAsync(writes) is { } outcomes) return outcomes;
        // One request, or a claim conflicted at the batch's commit: each request alone, with its own commit.
        var alone = new List<CardWriteOutcome>(writes.Count);
        foreach (var write in writes) alone.Add(await OutcomeAsync(write));
        return alone;
    }

    // The outcomes once the batch committed; null when a claim was held at the commit (nothing was committed).
    private async Task<IReadOnlyList<CardWriteOutcome>?> StagedAsync(IReadOnlyList<CardWrite> writes)
    {
        var outcomes = new List<CardWriteOutcome>(writes.Count);
        BeginStaging();
        _recent.BeginStaging();
        try
        {
            foreach (var write in writes) outcomes.Add(await OutcomeAsync(write));
            await CommitStagedAsync();
        }
        catch (Exception e)
        {
            DiscardStaged();
            _recent.DiscardStaged();
            _batchMoved.Clear();
            if (e is ClaimConflictException) return null;
            throw;
        }
        _recent.KeepStaged();
        foreach (var moved in _batchMoved) CountMoved(moved);
        _batchMoved.Clear();
        if (_activityUnreported) await ReportActivityAsync();
        return outcomes;
    }

    private async Task<CardWriteOutcome> OutcomeAsync(CardWrite write)
    {
        try
        {
            return new CardWriteOutcome(await write.RunOn(this));
        }
        catch (DomainException refusal)
        {
            return new CardWriteOutcome(null, refusal);
        }
    }
}
