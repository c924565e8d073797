using MemberCard.Runtime.Cluster;

namespace MemberCard.Runtime.GrainDirectory;

/// <summary>The grain directory in memory, shared by the silos of one test process.</summary>
public sealed class InMemoryGrainDirectory : IGrainDirectory
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, DirectoryEntry> _entries = [];

    /// <summary>Number of entries (for tests).</summary>
    public int Count
    {
        get { lock (_lock) return _entries.Count; }
    }

    /// <inheritdoc />
    public Task<DirectoryEntry> RegisterAsync(GrainId grain, DirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(grain, out var held) && held.Silo != entry.Silo) return Task.FromResult(held);
            _entries[grain] = entry;
            return Task.FromResult(entry);
        }
    }

    /// <inheritdoc />
    public Task<DirectoryEntry?> LookupAsync(GrainId grain, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_entries.GetValueOrDefault(grain));
    }

    /// <inheritdoc />
    public Task UnregisterAsync(GrainId grain, DirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(grain, out var held) && held == entry) _entries.Remove(grain);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> RemoveSiloAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var gone = _entries.Where(e => e.Value.Silo == silo).Select(e => e.Key).ToList();
            foreach (var grain in gone) _entries.Remove(grain);
            return Task.FromResult(gone.Count);
        }
    }
}
