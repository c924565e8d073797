using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Grains.Audit;

using MemberCard.Storage.State;

namespace MemberCard.Grains.Access;

/// <summary>A stored staff account.</summary>
public sealed record StaffAccount(string Username, string PasswordHash, string Role, string? StoreId, bool Disabled, DateTimeOffset CreatedAt)
{
    /// <summary>The account without its hash.</summary>
    public StaffView View => new(Username, Role, StoreId, Disabled, CreatedAt);
}

/// <summary>Durable state of the staff directory.</summary>
public sealed record StaffDirectoryState(IReadOnlyList<StaffAccount> Accounts);

/// <summary>Every staff account of the chain (keyed "all").</summary>
[GrainType("staff")]
public sealed class StaffDirectoryGrain([AtomicState] IAtomicState<StaffDirectoryState> state) : StateGrain<StaffDirectoryState>(state), IStaffDirectoryGrain
{
    protected override StaffDirectoryState CreateInitialState() => new([]);

    public async Task<StaffView> CreateAsync(CreateStaff command)
    {
        if (Find(command.Username) is not null) throw new DomainException(ErrorCodes.StaffExists, $"Staff account {command.Username} already exists.");
        var account = new StaffAccount(command.Username, command.PasswordHash, command.Role, command.StoreId, false, Clock.GetUtcNow());
        await CommitAsync(new StaffDirectoryState([.. State.Accounts, account]), w => w.Audit(command.Actor, command.Username, account.CreatedAt));
        return account.View;
    }

    public Task<StaffCredential?> FindAsync(string username) =>
        Task.FromResult(Find(username) is { } a ? new StaffCredential(a.View, a.PasswordHash) : null);

    public Task<IReadOnlyList<StaffView>> ListAsync() =>
        Task.FromResult<IReadOnlyList<StaffView>>([.. State.Accounts.OrderBy(a => a.Username, StringComparer.Ordinal).Select(a => a.View)]);

    public async Task<StaffView> DisableAsync(string username, AuditActor actor)
    {
        var account = Find(username) ?? throw new DomainException(ErrorCodes.StaffNotFound, $"Staff account {username} does not exist.");
        var disabled = account with { Disabled = true };
        await CommitAsync(new StaffDirectoryState([.. State.Accounts.Select(a => a == account ? disabled : a)]),
            w => w.Audit(actor, username, Clock.GetUtcNow()));
        return disabled.View;
    }

    private StaffAccount? Find(string username) => State.Accounts.FirstOrDefault(a => a.Username == username);
}
