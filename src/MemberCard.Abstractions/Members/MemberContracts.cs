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
    Task<CardIssued> IssueCardAsync();
}

/// <summary>Register a member. Phone is already normalized (digits, optional leading +).</summary>
public sealed record RegisterMember(string Phone, string? Name, DateOnly? Birthday, string? Email, string? StoreId);

/// <summary>A member as callers see it; the phone is masked.</summary>
public sealed record MemberView(
    string MemberId, string Phone, string? Name, DateOnly? Birthday, string? Email, string Tier, string? StoreId, DateTimeOffset CreatedAt);

/// <summary>The number of a newly issued card.</summary>
public sealed record CardIssued(string CardNo);
