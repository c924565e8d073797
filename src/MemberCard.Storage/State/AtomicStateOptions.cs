using MemberCard.Runtime.Hosting;

namespace MemberCard.Storage.State;

/// <summary>Settings of the transactional grain state.</summary>
public sealed class AtomicStateOptions
{
    /// <summary>Committing many grains' writes in one transaction (docs/architecture.md, "Group commit").</summary>
    public GroupCommitOptions GroupCommit { get; set; } = new();
}
