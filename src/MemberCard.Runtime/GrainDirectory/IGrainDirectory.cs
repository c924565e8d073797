using MemberCard.Runtime.Cluster;

namespace MemberCard.Runtime.GrainDirectory;

/// <summary>Where a grain's one activation lives: its silo and that silo's activation number.</summary>
public sealed record DirectoryEntry(SiloAddress Silo, long ActivationId);

/// <summary>
/// The cluster's grain directory: grain id → the silo holding its activation. Strongly consistent, first writer
/// wins, so at most one activation per grain is registered at a time.
/// </summary>
public interface IGrainDirectory
{
    /// <summary>
    /// Registers <paramref name="entry"/> unless another silo holds the grain; returns the entry that holds it now
    /// (the caller's own when it won, or an older one of the same silo, which it takes over).
    /// </summary>
    Task<DirectoryEntry> RegisterAsync(GrainId grain, DirectoryEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The registered entry, if any.</summary>
    Task<DirectoryEntry?> LookupAsync(GrainId grain, CancellationToken cancellationToken = default);

    /// <summary>Removes the entry only if it is still exactly <paramref name="entry"/>.</summary>
    Task UnregisterAsync(GrainId grain, DirectoryEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes every entry of <paramref name="silo"/> (it died or left).</summary>
    Task<int> RemoveSiloAsync(SiloAddress silo, CancellationToken cancellationToken = default);
}
