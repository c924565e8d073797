using MemberCard.Abstractions.Access;

using MemberCard.Storage.State;

namespace MemberCard.Grains.Audit;

/// <summary>Durable state of an audit grain: how many entries it wrote (the write needs some state to commit).</summary>
public sealed record AuditGrainState(long Entries);

/// <summary>
/// Writes audit entries that no domain write carries: refusals. Keyed by the actor, so one busy credential
/// does not queue everyone else's entries behind its own.
/// </summary>
[GrainType("audit")]
public sealed class AuditGrain([AtomicState] IAtomicState<AuditGrainState> state) : StateGrain<AuditGrainState>(state), IAuditGrain
{
    protected override AuditGrainState CreateInitialState() => new(0);

    public Task RecordAsync(AuditEntry entry) => CommitAsync(State with { Entries = State.Entries + 1 }, w => w.Append(AuditLog.Name, entry));
}
