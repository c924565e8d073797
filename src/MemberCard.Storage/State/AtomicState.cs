using MemberCard.Runtime;
using MemberCard.Runtime.Storage;
using OrleansGrainId = Orleans.Runtime.GrainId;
using OrleansInconsistentState = Orleans.Storage.InconsistentStateException;
using StorageGrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Storage.State;

/// <summary>
/// One activation's <see cref="IAtomicState{TState}"/>. It loads the committed state in the activation's
/// <see cref="GrainLifecycleStage.SetupState"/> stage and writes through <see cref="GrainStateWriter"/> (group commit).
/// Continuations stay on the activation's scheduler (no ConfigureAwait(false)), so State changes inside the turn.
/// </summary>
internal sealed class AtomicState<TState> : IAtomicState<TState>, ILifecycleObserver where TState : class
{
    private readonly StorageGrainId _id;
    private readonly GrainStateWriter _writer;
    private TState? _state;
    private GrainWriteBuilder? _staged;
    private TState? _beforeStaging;
    private int _stagedCommits;

    public AtomicState(IGrainContext context, GrainStateWriter writer)
    {
        _id = StorageIds.Of(context.GrainId);
        _writer = writer;
        context.ObservableLifecycle.Subscribe(nameof(AtomicState<TState>), GrainLifecycleStage.SetupState, this);
    }

    public TState? State => _state;

    public long Version { get; private set; }

    public bool Exists => Version > 0;

    public async Task CommitAsync(TState next, Action<GrainWriteBuilder>? build = null)
    {
        if (_staged is { } staged)
        {
            build?.Invoke(staged);
            _state = next;
            _stagedCommits++;
            return;
        }
        var builder = new GrainWriteBuilder(_writer.Serializer);
        build?.Invoke(builder);
        await WriteAsync(next, builder);
    }

    public bool Staging => _staged is not null;

    public void BeginStaging()
    {
        if (Staging) throw new InvalidOperationException("This activation is already staging.");
        _staged = new GrainWriteBuilder(_writer.Serializer);
        _beforeStaging = _state;
        _stagedCommits = 0;
    }

    public async Task CommitStagedAsync()
    {
        var staged = _staged ?? throw new InvalidOperationException("This activation is not staging.");
        var next = _state!;
        EndStaging();
        if (_stagedCommits > 0) await WriteAsync(next, staged);
    }

    public void DiscardStaged()
    {
        if (Staging) EndStaging();
    }

    // State goes back to the committed one; a successful write then sets it.
    private void EndStaging()
    {
        _staged = null;
        _state = _beforeStaging;
        _beforeStaging = null;
    }

    private async Task WriteAsync(TState next, GrainWriteBuilder builder)
    {
        var write = builder.Build(_id, Version, _writer.Serializer.Serialize(next), _writer.Clock.GetUtcNow());
        try
        {
            Version = await _writer.WriteAsync(write);
        }
        catch (InconsistentStateException e)
        {
            // Orleans deactivates an activation whose call ends with its InconsistentStateException; the caller's
            // RetryOnceFilter then retries the call once on a fresh activation that reloads the state. The
            // message is enough: the exception crosses silos, so it carries nothing Orleans cannot serialize.
            throw new OrleansInconsistentState(e.Message);
        }
        _state = next;
    }

    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(JournalQuery query) => _writer.Storage.ReadJournalAsync(_id, query);

    public Task<StoredClaim?> ReadClaimAsync(ClaimKey key) => _writer.Storage.ReadClaimAsync(key);

    public async Task<(TOther State, long Version)?> PeekStateAsync<TOther>(OrleansGrainId other) where TOther : class
    {
        var stored = await _writer.Storage.ReadStateAsync(StorageIds.Of(other));
        return stored is null ? null : (_writer.Serializer.Deserialize<TOther>(stored.Json), stored.Version);
    }

    public Task<IReadOnlyList<JournalEntry>> PeekJournalAsync(OrleansGrainId other, JournalQuery query) =>
        _writer.Storage.ReadJournalAsync(StorageIds.Of(other), query);

    public async Task OnStart(CancellationToken cancellationToken = default)
    {
        var stored = await _writer.Storage.ReadStateAsync(_id, cancellationToken);
        _state = stored is null ? null : _writer.Serializer.Deserialize<TState>(stored.Json);
        Version = stored?.Version ?? 0;
    }

    public Task OnStop(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
