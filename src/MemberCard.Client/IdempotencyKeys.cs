namespace MemberCard.Client;

/// <summary>Makes Idempotency-Keys: 32 hex digits, random, well inside the API's 1–64 printable characters.</summary>
public static class IdempotencyKeys
{
    /// <summary>A fresh key. Keep it with the operation (e.g. in the till's journal) to send the operation again later.</summary>
    public static string New() => Guid.NewGuid().ToString("N");
}
