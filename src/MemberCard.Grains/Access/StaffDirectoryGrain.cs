using System.Text.Json.Serialization;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Grains.Audit;

using MemberCard.Storage.State;

namespace MemberCard.Grains.Access;

/// <summary>
/// A stored staff account. <see cref="SecurityStamp"/> is null until the account first changes (and in accounts stored
/// before stamps existed), so the tokens issued until then, which carry no stamp, match it.
/// </summary>
public sealed record StaffAccount(
    string Username, string PasswordHash, string Role, string? StoreId, bool Disabled, DateTimeOffset CreatedAt, string? SecurityStamp = null)
{
    /// <summary>The account without its hash.</summary>
    [JsonIgnore]
    public StaffView View => new(Username, Role, StoreId, Disabled, CreatedAt);

    /// <summary>What tokens are checked against.</summary>
    [JsonIgnore]
    public StaffStamp Stamp => new(SecurityStamp, Disabled);

    /// <summary>The account with a new random stamp: every token issued before stops working.</summary>
    public StaffAccount Restamped() => this with { SecurityStamp = Guid.NewGuid().ToString("N") };
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
        Task.FromResult(Find(username) is { } a ? new StaffCredential(a.View, a.PasswordHash, a.SecurityStamp) : null);

    public Task<StaffStamp?> GetStampAsync(string username) => Task.FromResult(Find(username)?.Stamp);

    public Task<IReadOnlyList<StaffView>> ListAsync() =>
        Task.FromResult<IReadOnlyList<StaffView>>([.. State.Accounts.OrderBy(a => a.Username, StringComparer.Ordinal).Select(a => a.View)]);

    public Task<StaffView> DisableAsync(string username, AuditActor actor) =>
        ReplaceAsync(username, actor, account => account with { Disabled = true });

    public Task<StaffView> ChangePasswordAsync(ChangeStaffPassword command) =>
        ReplaceAsync(command.Username, command.Actor, account => account with { PasswordHash = command.PasswordHash });

    // Every change goes through here, so none can forget to restamp the account.
    private async Task<StaffView> ReplaceAsync(string username, AuditActor actor, Func<StaffAccount, StaffAccount> change)
    {
        var account = Find(username) ?? throw new DomainException(ErrorCodes.StaffNotFound, $"Staff account {username} does not exist.");
        var changed = change(account).Restamped();
        await CommitAsync(new StaffDirectoryState([.. State.Accounts.Select(a => a == account ? changed : a)]),
            w => w.Audit(actor, username, Clock.GetUtcNow()));
        return changed.View;
    }

    private StaffAccount? Find(string username) => State.Accounts.FirstOrDefault(a => a.Username == username);
}
