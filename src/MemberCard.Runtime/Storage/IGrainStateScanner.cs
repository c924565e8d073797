namespace MemberCard.Runtime.Storage;

/// <summary>
/// Reads the stored states of one grain type in key order (ordinal), for background jobs that visit every grain
/// of a type (campaign issuance, re-encryption). Reads see committed states only and never block writers.
/// </summary>
public interface IGrainStateScanner
{
    /// <summary>
    /// Up to <paramref name="limit"/> states of <paramref name="grainType"/> with key strictly after
    /// <paramref name="afterKey"/> (null: from the first) and at most <paramref name="upToKey"/> (null: to the last),
    /// in ascending key order.
    /// </summary>
    Task<IReadOnlyList<ScannedState>> ScanStatesAsync(
        string grainType, string? afterKey, string? upToKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many grains of <paramref name="grainType"/> have stored state.</summary>
    Task<long> CountStatesAsync(string grainType, CancellationToken cancellationToken = default);

    /// <summary>The key at zero-based position <paramref name="offset"/> in key order, or null past the end;
    /// used to cut the key space into slices of equal size.</summary>
    Task<string?> KeyAtAsync(string grainType, long offset, CancellationToken cancellationToken = default);
}

/// <summary>One grain's stored state as a scan returns it.</summary>
public sealed record ScannedState(string Key, string Json, long Version);
