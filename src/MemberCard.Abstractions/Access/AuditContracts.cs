using MemberCard.Runtime;

namespace MemberCard.Abstractions.Access;

/// <summary>
/// Who asks for a mutation, carried inside the command so the grain writes the audit entry in the same
/// transaction as the change.
/// </summary>
public sealed record AuditActor(string Id, string Role, string? StoreId, string Action, string? TraceId);

/// <summary>One line of the audit trail. <see cref="Status"/> is set on refusals (the HTTP status answered).</summary>
public sealed record AuditEntry(
    string Actor, string Role, string? StoreId, string Action, string Target, string Result, int? Status, DateTimeOffset At, string? TraceId);

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
public interface IAuditGrain : IGrainWithStringKey
{
    /// <summary>Appends the entry to the audit log.</summary>
    Task RecordAsync(AuditEntry entry);
}
