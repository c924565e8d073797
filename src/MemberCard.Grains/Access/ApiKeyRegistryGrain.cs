using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Grains.Audit;

using MemberCard.Storage.State;

namespace MemberCard.Grains.Access;

/// <summary>A listed API key: its view and the hash that names its <see cref="ApiKeyGrain"/>.</summary>
public sealed record ListedApiKey(string Hash, ApiKeyView Key);

/// <summary>Durable state of the key registry.</summary>
public sealed record ApiKeyRegistryState(IReadOnlyList<ListedApiKey> Keys);

/// <summary>
/// The list of every API key (keyed "all"), so keys can be listed, rotated and revoked by id. Authentication
/// never asks this grain: it asks the key's own grain, so this one only serves admin calls.
/// </summary>
[GrainType("apikeys")]
public sealed class ApiKeyRegistryGrain([AtomicState] IAtomicState<ApiKeyRegistryState> state) : StateGrain<ApiKeyRegistryState>(state), IApiKeyRegistryGrain
{
    protected override ApiKeyRegistryState CreateInitialState() => new([]);

    public async Task<ApiKeyView> CreateAsync(string hash, CreateApiKey command)
    {
        var key = await GrainFactory.GetGrain<IApiKeyGrain>(hash).CreateAsync(command with { Actor = null });
        await CommitAsync(new ApiKeyRegistryState([.. State.Keys, new ListedApiKey(hash, key)]),
            w => w.Audit(command.Actor, key.KeyId, Clock.GetUtcNow()));
        return key;
    }

    public async Task EnsureListedAsync(string hash, ApiKeyView key)
    {
        if (State.Keys.Any(k => k.Hash == hash && k.Key == key)) return;
        await CommitAsync(new ApiKeyRegistryState([.. State.Keys.Where(k => k.Hash != hash), new ListedApiKey(hash, key)]));
    }

    public Task<IReadOnlyList<ApiKeyView>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyView>>([.. State.Keys.Select(k => k.Key).OrderByDescending(k => k.CreatedAt)]);

    public async Task<ApiKeyView?> RevokeAsync(string keyId, AuditActor actor)
    {
        if (Find(keyId) is not { } listed) return null;
        var revoked = await GrainFactory.GetGrain<IApiKeyGrain>(listed.Hash).RevokeAsync() ?? listed.Key with { Revoked = true };
        await CommitAsync(Replace(listed, revoked), w => w.Audit(actor, keyId, Clock.GetUtcNow()));
        return revoked;
    }

    public async Task<ApiKeyView?> RotateAsync(string keyId, string newHash, AuditActor actor)
    {
        if (Find(keyId) is not { } listed) return null;
        if (listed.Key.Revoked) throw new DomainException(ErrorCodes.ValidationFailed, $"Key {keyId} is revoked; create a new key instead.");
        // The new key works before the old one stops, so a terminal switching over is never locked out.
        var created = await GrainFactory.GetGrain<IApiKeyGrain>(newHash).CreateAsync(new CreateApiKey(listed.Key.Role, listed.Key.StoreId, listed.Key.Name));
        var revoked = await GrainFactory.GetGrain<IApiKeyGrain>(listed.Hash).RevokeAsync() ?? listed.Key with { Revoked = true };
        var next = Replace(listed, revoked);
        await CommitAsync(next with { Keys = [.. next.Keys, new ListedApiKey(newHash, created)] }, w => w.Audit(actor, keyId, Clock.GetUtcNow()));
        return created;
    }

    private ListedApiKey? Find(string keyId) => State.Keys.FirstOrDefault(k => k.Key.KeyId == keyId);

    private ApiKeyRegistryState Replace(ListedApiKey listed, ApiKeyView view) =>
        new([.. State.Keys.Select(k => k.Hash == listed.Hash ? k with { Key = view } : k)]);
}
