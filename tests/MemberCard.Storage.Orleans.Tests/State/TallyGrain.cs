using MemberCard.Runtime.Storage;
using MemberCard.Storage.State;
using Orleans.Concurrency;
using ClaimConflictException = MemberCard.Runtime.ClaimConflictException;

namespace MemberCard.Storage.Orleans.Tests.State;

/// <summary>A tally's stored state (JSON, through the transactional storage).</summary>
public sealed record TallyState(long Total, int Count)
{
    public TallyState() : this(0, 0) { }
}

/// <summary>What a tally answers.</summary>
[GenerateSerializer, Immutable, Alias("tests.TallySnapshot")]
public sealed record TallySnapshot([property: Id(0)] long Total, [property: Id(1)] long Version, [property: Id(2)] Guid Activation);

/// <summary>A tiny grain on the transactional state facet.</summary>
[Alias("tests.ITallyGrain")]
public interface ITallyGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="amount"/> with a journal entry and an event; takes <paramref name="claim"/> when given
    /// (null answer: the claim was held by someone else and nothing was committed).</summary>
    [Alias("Add")]
    Task<TallySnapshot?> AddAsync(long amount, string? claim = null);

    [Alias("Get"), ReadOnly]
    Task<TallySnapshot> GetAsync();

    [Alias("Peek")]
    Task<TallySnapshot?> PeekAsync(string otherKey);

    [Alias("Journal")]
    Task<IReadOnlyList<long>> JournalAsync();
}

[GrainType("tally")]
public sealed class TallyGrain([AtomicState] IAtomicState<TallyState> state) : Grain, ITallyGrain
{
    private readonly IAtomicState<TallyState> _state = state;
    private readonly Guid _activation = Guid.NewGuid();

    public async Task<TallySnapshot?> AddAsync(long amount, string? claim = null)
    {
        var next = Current with { Total = Current.Total + amount, Count = Current.Count + 1 };
        try
        {
            await _state.CommitAsync(next, w =>
            {
                w.Journal("added", amount).Publish("tally.added", amount);
                if (claim is not null) w.Claim(new ClaimKey("tally", claim), this.GetPrimaryKeyString());
            });
        }
        catch (ClaimConflictException)
        {
            return null;
        }
        return Snapshot();
    }

    public Task<TallySnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task<TallySnapshot?> PeekAsync(string otherKey)
    {
        var other = await _state.PeekStateAsync<TallyState>(GrainId.Create("tally", otherKey));
        return other is { } found ? new TallySnapshot(found.State.Total, found.Version, Guid.Empty) : null;
    }

    public async Task<IReadOnlyList<long>> JournalAsync()
    {
        var entries = await _state.ReadJournalAsync(new JournalQuery(100));
        return [.. entries.Select(e => long.Parse(e.Json, System.Globalization.CultureInfo.InvariantCulture))];
    }

    private TallyState Current => _state.State ?? new TallyState();

    private TallySnapshot Snapshot() => new(Current.Total, _state.Version, _activation);
}
