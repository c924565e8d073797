namespace MemberCard.Runtime.Membership;

/// <summary>The membership table in memory, shared by the silos of one test process.</summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Cluster.SiloAddress, MembershipEntry> _rows = [];
    private long _version;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(new MembershipTableData(_version, [.. _rows.Values]));
    }

    /// <inheritdoc />
    public Task<bool> InsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_version != expectedVersion || _rows.ContainsKey(entry.Silo)) return Task.FromResult(false);
            _rows[entry.Silo] = entry with { ETag = 1 };
            _version++;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_version != expectedVersion || !_rows.TryGetValue(entry.Silo, out var row) || row.ETag != entry.ETag)
                return Task.FromResult(false);
            _rows[entry.Silo] = entry with { ETag = row.ETag + 1, IAmAliveTime = row.IAmAliveTime };
            _version++;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_rows.TryGetValue(entry.Silo, out var row)) _rows[entry.Silo] = row with { IAmAliveTime = entry.IAmAliveTime };
        }
        return Task.CompletedTask;
    }
}
