using MemberCard.Runtime.Cluster;

namespace MemberCard.Runtime.Membership;

/// <summary>The cluster view fed by the membership table: active silos at the latest version read.</summary>
public sealed class MembershipClusterView : IClusterView
{
    private readonly Lock _lock = new();
    private volatile ClusterSnapshot _current;
    private volatile MembershipTableData _table;

    /// <summary>A view that holds only <paramref name="localSilo"/> until the first table read.</summary>
    public MembershipClusterView(SiloAddress localSilo)
    {
        LocalSilo = localSilo;
        _current = new ClusterSnapshot(0, [localSilo]);
        _table = new MembershipTableData(0, []);
    }

    /// <inheritdoc />
    public SiloAddress LocalSilo { get; }

    /// <inheritdoc />
    public ClusterSnapshot Current => _current;

    /// <summary>The last table read, with every status (for the directory's dead-owner check).</summary>
    public MembershipTableData Table => _table;

    /// <inheritdoc />
    public event Action<ClusterSnapshot>? Changed;

    /// <summary>The status of <paramref name="silo"/> in the last table read; null when it has no row.</summary>
    public SiloStatus? StatusOf(SiloAddress silo) => _table.Find(silo)?.Status;

    /// <summary>Whether <paramref name="silo"/> is active in the last snapshot.</summary>
    public bool IsActive(SiloAddress silo) => _current.ActiveSilos.Contains(silo);

    /// <summary>Takes a newer table read; raises <see cref="Changed"/> when the active silos changed.</summary>
    public void Update(MembershipTableData table)
    {
        ClusterSnapshot? changed = null;
        lock (_lock)
        {
            if (table.Version < _table.Version) return;
            _table = table;
            var active = table.Active.ToList();
            var next = new ClusterSnapshot(table.Version, active);
            if (!next.ActiveSilos.SequenceEqual(_current.ActiveSilos)) changed = next;
            _current = next;
        }
        if (changed is not null) Changed?.Invoke(changed);
    }
}
