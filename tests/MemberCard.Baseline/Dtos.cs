using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemberCard.Baseline;

// Requests: every field nullable so a missing one is a 400 naming it, not a binding failure.
public sealed record CreateStoreRequest(string? StoreId, string? Name);

public sealed record RegisterMemberRequest(string? Phone, string? Name, string? Birthday, string? Email, string? StoreId);

public sealed record LookupMemberRequest(string? Phone);

public sealed record TopUpRequest(long? Amount, string? StoreId);

public sealed record PurchaseRequest(string? OrderNo, string? StoreId, long? Amount, long? BalanceAmount, long? PointsToRedeem, string? CouponCode);

public sealed record RefundRequest(string? OrderNo, string? StoreId, long? Amount);

// Responses: the shapes of docs/api.md, field for field.
public sealed record StoreResponse(string StoreId, string Name, DateTime CreatedAt);

public sealed record MemberResponse(
    string MemberId, string Phone, string? Name, string? Birthday, string? Email, string Tier, string? StoreId, DateTime CreatedAt);

public sealed record CardResponse(string CardNo, string MemberId, string Status, long Balance, long Points, string Tier, DateTime CreatedAt);

public sealed record TopUpResponse(string TransactionId, string Type, long Amount, long Bonus, long Balance, long Points, DateTime CreatedAt)
{
    public static TopUpResponse From(LedgerEntry e) => new(e.TransactionId.ToString("N"), e.Type, e.Amount, e.Bonus, e.Balance, e.Points, e.CreatedAt);
}

public sealed record PurchaseResponse(
    string TransactionId, string Type, string? OrderNo, long Amount, long Discount, long PointsRedeemed, long BalanceCharged,
    long PointsEarned, long Balance, long Points, DateTime CreatedAt)
{
    public static PurchaseResponse From(LedgerEntry e) => new(e.TransactionId.ToString("N"), e.Type, e.OrderNo, e.Amount, e.Discount,
        e.PointsRedeemed, e.BalanceCharged, e.PointsEarned, e.Balance, e.Points, e.CreatedAt);
}

public sealed record RefundResponse(
    string TransactionId, string Type, string? OrderNo, long Amount, long BalanceRefunded, long PointsReversed, long PointsRestored,
    long Balance, long Points, DateTime CreatedAt)
{
    public static RefundResponse From(LedgerEntry e) => new(e.TransactionId.ToString("N"), e.Type, e.OrderNo, e.Amount, e.BalanceRefunded,
        e.PointsReversed, e.PointsRestored, e.Balance, e.Points, e.CreatedAt);
}

public sealed record TransactionItem(
    string TransactionId, string Type, string? OrderNo, long Amount, long BalanceDelta, long PointsDelta, long Balance, long Points,
    string StoreId, DateTime CreatedAt);

public sealed record ListResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Source-generated JSON for every request and response (also what idempotent replays are stored as).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CreateStoreRequest))]
[JsonSerializable(typeof(RegisterMemberRequest))]
[JsonSerializable(typeof(LookupMemberRequest))]
[JsonSerializable(typeof(TopUpRequest))]
[JsonSerializable(typeof(PurchaseRequest))]
[JsonSerializable(typeof(RefundRequest))]
[JsonSerializable(typeof(StoreResponse))]
[JsonSerializable(typeof(MemberResponse))]
[JsonSerializable(typeof(CardResponse))]
[JsonSerializable(typeof(TopUpResponse))]
[JsonSerializable(typeof(PurchaseResponse))]
[JsonSerializable(typeof(RefundResponse))]
[JsonSerializable(typeof(ListResponse<TransactionItem>))]
public sealed partial class BaselineJson : JsonSerializerContext;
