using MemberCard.Runtime;

namespace MemberCard.Abstractions.Access;

/// <summary>
/// Every staff account of the chain, keyed "all". Staff are few (thousands), change rarely and are read only at
/// login, so one grain holds them; passwords are verified by the caller, outside the grain's turn, because a
/// slow hash would otherwise serialize every login.
/// </summary>
public interface IStaffDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Creates an account; <see cref="ErrorCodes.StaffExists"/> when the username is taken.</summary>
    Task<StaffView> CreateAsync(CreateStaff command);

    /// <summary>The account with its password hash (for login), or null.</summary>
    Task<StaffCredential?> FindAsync(string username);

    /// <summary>Every account, by username.</summary>
    Task<IReadOnlyList<StaffView>> ListAsync();

    /// <summary>Disables an account: it can no longer log in; its tokens run out within their lifetime.</summary>
    Task<StaffView> DisableAsync(string username, AuditActor actor);
}

/// <summary>Create a staff account; <see cref="PasswordHash"/> is already hashed.</summary>
public sealed record CreateStaff(string Username, string PasswordHash, string Role, string? StoreId, AuditActor Actor);

/// <summary>A staff account as admins see it.</summary>
public sealed record StaffView(string Username, string Role, string? StoreId, bool Disabled, DateTimeOffset CreatedAt);

/// <summary>What login needs: the account and its password hash.</summary>
public sealed record StaffCredential(StaffView Account, string PasswordHash);
