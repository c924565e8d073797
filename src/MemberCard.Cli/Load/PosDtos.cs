using System.Text.Json.Serialization;

namespace MemberCard.Cli.Load;

// The tool's own view of the POS API v1 (docs/api.md): only the fields it sends or reads, so it
// stays independent of the server projects and can drive any implementation of the contract.

internal sealed record CreateStoreBody(string StoreId, string Name);

internal sealed record RegisterMemberBody(string Phone, string Name, string StoreId);

internal sealed record LookupMemberBody(string Phone);

internal sealed record TopUpBody(long Amount, string StoreId);

internal sealed record PurchaseBody(string OrderNo, string StoreId, long Amount, long BalanceAmount);

/// <summary>A refund; a null <see cref="Amount"/> refunds all that is left of the order.</summary>
internal sealed record RefundBody(
    string OrderNo,
    string StoreId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Amount);

internal sealed record EmptyBody;

internal sealed record MemberDto(string MemberId);

internal sealed record CardDto(string CardNo, string Status, long Balance, long Points);

internal sealed record TopUpDto(long Amount, long Bonus, long Balance);

internal sealed record TransactionDto(string TransactionId, string Type, long BalanceDelta, long PointsDelta);

internal sealed record TransactionPageDto(IReadOnlyList<TransactionDto> Items, string? NextCursor);
