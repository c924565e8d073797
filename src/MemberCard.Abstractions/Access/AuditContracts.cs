
namespace MemberCard.Abstractions.Access;

/// <summary>
/// Who asks for a mutation, carried inside the command so the grain writes the audit entry in the same
/// transaction as the change.
/// </summary>
[GenerateSerializer, Immutable, Alias("mc.AuditActor")]
public sealed record AuditActor([property: Id(0)] string Id, [property: Id(1)] string Role, [property: Id(2)] string? StoreId, [property: Id(3)] string Action, [property: Id(4)] string? TraceId);

/// <summary>One line of the audit trail. <see cref="Status"/> is set on refusals (the HTTP status answered).</summary>
[GenerateSerializer, Immutable, Alias("mc.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] string Actor, [property: Id(1)] string Role, [property: Id(2)] string? StoreId, [property: Id(3)] string Action, [property: Id(4)] string Target, [property: Id(5)] string Result, [property: Id(6)] int? Status, [property: Id(7)] DateTimeOffset At, [property: Id(8)] string? TraceId);

/// <summary>The append-only runtime log that holds the audit trail, and how entries are made.</summary>
public static class AuditLog
{
    /// <summary>Name of the runtime log.</summary>
    public const string Name = "audit";

    /// <summary>Result of a mutation that was carried out (or replayed).</summary>
    public const string Ok = "ok";

    /// <summary>The entry for a mutation of <paramref name="target"/> that was carried out.</summary>
    public static AuditEntry Succeeded(this AuditActor actor, string target, DateTimeOffset at) =>
        new(actor.Id, actor.Role, actor.StoreId, actor.Action, target, Ok, null, at, actor.TraceId);
}

/// <summary>Writes audit entries that no domain write carries (refusals), one grain per actor so they spread.</summary>
[Alias("mc.IAuditGrain")]
public interface IAuditGrain : IGrainWithStringKey
{
    /// <summary>Appends the entry to the audit log.</summary>
    Task RecordAsync(AuditEntry entry);
}
