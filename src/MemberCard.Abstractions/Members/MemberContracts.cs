using MemberCard.Abstractions.Access;
using MemberCard.Runtime;

namespace MemberCard.Abstractions.Members;

/// <summary>A member, keyed by member id. Owns the member's profile and the list of their cards.</summary>
public interface IMemberGrain : IGrainWithStringKey
{
    /// <summary>Registers the member; <see cref="ErrorCodes.MemberExists"/> when the phone is taken.</summary>
    Task<MemberView> RegisterAsync(RegisterMember command);

    /// <summary>The member, or null.</summary>
    [ReadOnly]
    Task<MemberView?> GetAsync();

    /// <summary>Issues a new card with a fresh card number.</summary>
    Task<CardIssued> IssueCardAsync(IssueCard command);

    /// <summary>Everything held about the member, phone in clear (an audited read); null when unknown.</summary>
    Task<MemberExport?> ExportAsync(AuditActor actor);

    /// <summary>Removes the member's personal data and frees the phone; cards and ledgers keep their amounts.</summary>
    Task<bool> EraseAsync(AuditActor actor);

    /// <summary>Re-encrypts personal data under the current key when another key protects it; true when it did.</summary>
    Task<bool> ReencryptAsync();
}

/// <summary>Issue a card.</summary>
public sealed record IssueCard(AuditActor? Actor = null);

/// <summary>A member's data export: the profile in clear and the cards with their ledgers.</summary>
public sealed record MemberExport(
    string MemberId, string? Phone, string? Name, DateOnly? Birthday, string? Email, string Tier, string? StoreId,
    DateTimeOffset CreatedAt, bool Erased, IReadOnlyList<string> Cards);

/// <summary>Register a member. Phone is already normalized (digits, optional leading +).</summary>
public sealed record RegisterMember(string Phone, string? Name, DateOnly? Birthday, string? Email, string? StoreId, AuditActor? Actor = null);

/// <summary>A member as callers see it; the phone is masked.</summary>
public sealed record MemberView(
    string MemberId, string Phone, string? Name, DateOnly? Birthday, string? Email, string Tier, string? StoreId, DateTimeOffset CreatedAt);

/// <summary>The number of a newly issued card.</summary>
public sealed record CardIssued(string CardNo);
