using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Grains.Shared;

using MemberCard.Storage.State;

namespace MemberCard.Grains.Access;

/// <summary>Durable state of an API credential.</summary>
public sealed record ApiKeyState(string Role, string? StoreId, string Name, bool Revoked, DateTimeOffset CreatedAt);

/// <summary>
/// An API credential keyed by the key's SHA-256 hash. Authentication reads it through each silo's copy
/// (<see cref="CurrentApiKeys"/>); a change here updates this silo's copy at once.
/// </summary>
[GrainType("apikey")]
public sealed class ApiKeyGrain(CurrentApiKeys copies, [AtomicState] IAtomicState<ApiKeyState> state) : StateGrain<ApiKeyState>(state), IApiKeyGrain
{
    protected override ApiKeyState CreateInitialState() => new("", null, "", false, default);

    public async Task<ApiKeyView> EnsureAsync(CreateApiKey command)
    {
        if (StateExists && State.Role == command.Role && !State.Revoked) return ToView();
        await CommitAndShareAsync(new ApiKeyState(command.Role, command.StoreId, command.Name, false,
            StateExists ? State.CreatedAt : Clock.GetUtcNow()));
        return ToView();
    }

    public async Task<ApiKeyView> CreateAsync(CreateApiKey command)
    {
        if (StateExists) throw new DomainException(ErrorCodes.ValidationFailed, "This key already exists.");
        await CommitAndShareAsync(new ApiKeyState(command.Role, command.StoreId, command.Name, false, Clock.GetUtcNow()));
        return ToView();
    }

    public Task<ApiKeyView?> GetAsync() => Task.FromResult(StateExists ? ToView() : null);

    public async Task<ApiKeyView?> RevokeAsync()
    {
        if (!StateExists) return null;
        if (!State.Revoked) await CommitAndShareAsync(State with { Revoked = true });
        return ToView();
    }

    private async Task CommitAndShareAsync(ApiKeyState next)
    {
        await CommitAsync(next);
        copies.Changed(Key, ToView());
    }

    private ApiKeyView ToView() => new(Key[..12], State.Role, State.StoreId, State.Name, State.Revoked, State.CreatedAt);
}
