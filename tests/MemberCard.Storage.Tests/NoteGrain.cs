using MemberCard.Runtime;

namespace MemberCard.Storage.Tests;

public sealed record NoteState(long Count, string? Note);

public interface INoteGrain : IGrainWithStringKey
{
    Task<long> IncrementAsync();

    Task<long> CountAsync();
}

/// <summary>A tiny durable grain that also writes when deactivated, to run the runtime on each provider.</summary>
[GrainType("note")]
public sealed class NoteGrain : Grain<NoteState>, INoteGrain
{
    protected override NoteState CreateInitialState() => new(0, null);

    public async Task<long> IncrementAsync()
    {
        await CommitAsync(State with { Count = State.Count + 1 }, w => w.Journal("incremented", State.Count + 1));
        return State.Count;
    }

    public Task<long> CountAsync() => Task.FromResult(State.Count);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (StateExists) await CommitAsync(State with { Note = $"deactivated:{reason}" });
    }
}
