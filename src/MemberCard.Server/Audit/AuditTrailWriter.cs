using MemberCard.Abstractions.Access;

namespace MemberCard.Server.Audit;

/// <summary>Writes audit entries for mutations that no single grain write carries.</summary>
public interface IAuditTrailWriter
{
    /// <summary>Appends a successful action by <paramref name="actor"/> on <paramref name="target"/>.</summary>
    Task RecordAsync(AuditActor actor, string target, CancellationToken cancellationToken);
}

/// <summary>Writes through the actor's audit grain.</summary>
internal sealed class GrainAuditTrailWriter(IGrainFactory grains, TimeProvider clock) : IAuditTrailWriter
{
    public Task RecordAsync(AuditActor actor, string target, CancellationToken cancellationToken) =>
        grains.GetGrain<IAuditGrain>(actor.Id).RecordAsync(actor.Succeeded(target, clock.GetUtcNow()));
}
