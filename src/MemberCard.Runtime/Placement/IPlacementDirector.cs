using MemberCard.Runtime.Cluster;

namespace MemberCard.Runtime.Placement;

/// <summary>Chooses the silo for a grain that has no activation anywhere (like Orleans' IPlacementDirector).</summary>
public interface IPlacementDirector
{
    /// <summary>A silo among <paramref name="cluster"/>'s active silos (or <paramref name="localSilo"/> when none is active).</summary>
    SiloAddress Place(GrainId grain, ClusterSnapshot cluster, SiloAddress localSilo);
}

/// <summary>The owner of the grain's key on the consistent ring: every silo picks the same one without talking.</summary>
public sealed class HashPlacementDirector : IPlacementDirector
{
    /// <inheritdoc />
    public SiloAddress Place(GrainId grain, ClusterSnapshot cluster, SiloAddress localSilo) =>
        cluster.Ring.OwnerOf(grain.ToString()) ?? localSilo;
}

/// <summary>Any active silo at random (Orleans' default).</summary>
public sealed class RandomPlacementDirector : IPlacementDirector
{
    /// <inheritdoc />
    public SiloAddress Place(GrainId grain, ClusterSnapshot cluster, SiloAddress localSilo) =>
        cluster.ActiveSilos.Count == 0 ? localSilo : cluster.ActiveSilos[Random.Shared.Next(cluster.ActiveSilos.Count)];
}

/// <summary>The silo that received the call, when it is active; otherwise the hash owner.</summary>
public sealed class PreferLocalPlacementDirector : IPlacementDirector
{
    /// <inheritdoc />
    public SiloAddress Place(GrainId grain, ClusterSnapshot cluster, SiloAddress localSilo) =>
        cluster.ActiveSilos.Contains(localSilo) ? localSilo : cluster.Ring.OwnerOf(grain.ToString()) ?? localSilo;
}
