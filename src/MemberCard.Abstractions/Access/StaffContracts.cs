
namespace MemberCard.Abstractions.Access;

/// <summary>
/// Every staff account of the chain, keyed "all". Staff are few (thousands), change rarely and are read only at
/// login, so one grain holds them; passwords are verified by the caller, outside the grain's turn, because a
/// slow hash would otherwise serialize every login.
/// </summary>
[Alias("mc.IStaffDirectoryGrain")]
public interface IStaffDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Creates an account; <see cref="ErrorCodes.StaffExists"/> when the username is taken.</summary>
    Task<StaffView> CreateAsync(CreateStaff command);

    /// <summary>The account with its password hash (for login), or null.</summary>
    [ReadOnly]
    Task<StaffCredential?> FindAsync(string username);

    /// <summary>
    /// What a token of the account is checked against on every request (through each silo's cache), or null when
    /// the account does not exist. Read-only, so it interleaves and never waits behind a write or a log-in.
    /// </summary>
    [ReadOnly]
    Task<StaffStamp?> GetStampAsync(string username);

    /// <summary>Every account, by username.</summary>
    Task<IReadOnlyList<StaffView>> ListAsync();

    /// <summary>Disables an account: it can no longer log in, and its security stamp changes, so its tokens stop working.</summary>
    Task<StaffView> DisableAsync(string username, AuditActor actor);

    /// <summary>Replaces an account's password hash and changes its security stamp, so its tokens stop working.</summary>
    Task<StaffView> ChangePasswordAsync(ChangeStaffPassword command);
}

/// <summary>Create a staff account; <see cref="PasswordHash"/> is already hashed.</summary>
[GenerateSerializer, Immutable, Alias("mc.CreateStaff")]
public sealed record CreateStaff([property: Id(0)] string Username, [property: Id(1)] string PasswordHash, [property: Id(2)] string Role, [property: Id(3)] string? StoreId, [property: Id(4)] AuditActor Actor);

/// <summary>A staff account as admins see it.</summary>
[GenerateSerializer, Immutable, Alias("mc.StaffView")]
public sealed record StaffView([property: Id(0)] string Username, [property: Id(1)] string Role, [property: Id(2)] string? StoreId, [property: Id(3)] bool Disabled, [property: Id(4)] DateTimeOffset CreatedAt);

/// <summary>
/// What login needs: the account, its password hash and its security stamp (null until the account first changes:
/// tokens then carry no stamp).
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.StaffCredential")]
public sealed record StaffCredential([property: Id(0)] StaffView Account, [property: Id(1)] string PasswordHash, [property: Id(2)] string? SecurityStamp = null);

/// <summary>
/// An account's security stamp and whether it is disabled. The stamp changes with every change that must end the
/// account's tokens (disable, password change); null while the account has never changed.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.StaffStamp")]
public sealed record StaffStamp([property: Id(0)] string? SecurityStamp, [property: Id(1)] bool Disabled);

/// <summary>Set an account's password; <see cref="PasswordHash"/> is already hashed.</summary>
[GenerateSerializer, Immutable, Alias("mc.ChangeStaffPassword")]
public sealed record ChangeStaffPassword([property: Id(0)] string Username, [property: Id(1)] string PasswordHash, [property: Id(2)] AuditActor Actor);
