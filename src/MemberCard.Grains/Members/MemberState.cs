namespace MemberCard.Grains.Members;

/// <summary>Durable state of a member.</summary>
public sealed record MemberState(
    string Phone, string? Name, DateOnly? Birthday, string? Email, string Tier, string? StoreId, DateTimeOffset CreatedAt,
    IReadOnlyList<string> Cards);
