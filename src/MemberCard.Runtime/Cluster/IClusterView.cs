namespace MemberCard.Runtime.Cluster;

/// <summary>
/// What this silo currently believes about the cluster: itself and the silos that are active.
/// Streams (queue ownership), reminders (ring ranges) and placement read it; membership updates it.
/// </summary>
public interface IClusterView
{
    /// <summary>This silo.</summary>
    SiloAddress LocalSilo { get; }

    /// <summary>The latest snapshot; never empty once the silo runs (it holds at least this silo).</summary>
    ClusterSnapshot Current { get; }

    /// <summary>Raised after <see cref="Current"/> changed (a silo joined, left or was declared dead).</summary>
    event Action<ClusterSnapshot>? Changed;
}

/// <summary>The active silos at one membership version, sorted, with the ring built over them.</summary>
public sealed class ClusterSnapshot
{
    /// <summary>Creates a snapshot of <paramref name="activeSilos"/> at <paramref name="version"/>.</summary>
    public ClusterSnapshot(long version, IEnumerable<SiloAddress> activeSilos)
    {
        Version = version;
        ActiveSilos = [.. activeSilos.Distinct().Order()];
        Ring = new ConsistentRing(ActiveSilos);
    }

    /// <summary>The membership version this snapshot was read at.</summary>
    public long Version { get; }

    /// <summary>Active silos in a stable order.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos { get; }

    /// <summary>The ring over <see cref="ActiveSilos"/>: which silo owns which key.</summary>
    public ConsistentRing Ring { get; }
}

/// <summary>The view of a silo that runs alone (the embedded SQLite default, unit tests).</summary>
public sealed class SingleSiloClusterView(SiloAddress localSilo) : IClusterView
{
    /// <summary>A lone silo named after this machine.</summary>
    public SingleSiloClusterView(TimeProvider clock) : this(SiloAddress.New(Environment.MachineName, 0, clock)) { }

    /// <inheritdoc />
    public SiloAddress LocalSilo { get; } = localSilo;

    /// <inheritdoc />
    public ClusterSnapshot Current { get; } = new(1, [localSilo]);

    /// <inheritdoc />
    public event Action<ClusterSnapshot>? Changed { add { } remove { } }
}
