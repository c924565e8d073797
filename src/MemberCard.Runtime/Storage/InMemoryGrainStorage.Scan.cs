namespace MemberCard.Runtime.Storage;

public sealed partial class InMemoryGrainStorage : IGrainStateScanner
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ScannedState>> ScanStatesAsync(
        string grainType, string? afterKey, string? upToKey, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<ScannedState> states = _states
                .Where(s => s.Key.Type == grainType
                    && (afterKey is null || string.CompareOrdinal(s.Key.Key, afterKey) > 0)
                    && (upToKey is null || string.CompareOrdinal(s.Key.Key, upToKey) <= 0))
                .OrderBy(s => s.Key.Key, StringComparer.Ordinal)
                .Take(limit)
                .Select(s => new ScannedState(s.Key.Key, s.Value.Json, s.Value.Version))
                .ToList();
            return Task.FromResult(states);
        }
    }

    /// <inheritdoc />
    public Task<long> CountStatesAsync(string grainType, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult((long)_states.Keys.Count(k => k.Type == grainType));
    }

    /// <inheritdoc />
    public Task<string?> KeyAtAsync(string grainType, long offset, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var key = _states.Keys.Where(k => k.Type == grainType).Select(k => k.Key)
                .OrderBy(k => k, StringComparer.Ordinal).Skip((int)Math.Min(offset, int.MaxValue)).FirstOrDefault();
            return Task.FromResult(key);
        }
    }
}
