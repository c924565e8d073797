using MemberCard.Abstractions.Access;

namespace MemberCard.Grains.Audit;

/// <summary>Puts a mutation's audit entry into the grain write that carries the change.</summary>
internal static class AuditWrites
{
    /// <summary>Appends the audit entry of <paramref name="actor"/> (none for internal calls that have no actor).</summary>
    public static GrainWriteBuilder Audit(this GrainWriteBuilder write, AuditActor? actor, string target, DateTimeOffset at) =>
        actor is null ? write : write.Append(AuditLog.Name, actor.Succeeded(target, at));
}
