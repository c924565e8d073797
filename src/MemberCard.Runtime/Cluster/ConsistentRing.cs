using System.Text;

namespace MemberCard.Runtime.Cluster;

/// <summary>
/// A consistent-hash ring over silos (Orleans' ring with virtual buckets): each silo holds
/// <see cref="VirtualNodesPerSilo"/> points; a key belongs to the first point at or after its hash.
/// When a silo joins or leaves only the keys next to its points move. Hashes are stable across
/// processes (never <see cref="string.GetHashCode()"/>, which is randomized per process).
/// </summary>
public sealed class ConsistentRing
{
    /// <summary>Points per silo; enough for an even spread over a handful of silos.</summary>
    public const int VirtualNodesPerSilo = 64;

    private readonly uint[] _points;
    private readonly SiloAddress[] _owners;

    /// <summary>Builds the ring over <paramref name="silos"/>.</summary>
    public ConsistentRing(IReadOnlyList<SiloAddress> silos)
    {
        var points = new List<(uint Point, SiloAddress Silo)>(silos.Count * VirtualNodesPerSilo);
        foreach (var silo in silos)
            for (var i = 0; i < VirtualNodesPerSilo; i++) points.Add((StableHash.Of($"{silo}/{i}"), silo));
        points.Sort((a, b) => a.Point != b.Point ? a.Point.CompareTo(b.Point) : a.Silo.CompareTo(b.Silo));
        _points = [.. points.Select(p => p.Point)];
        _owners = [.. points.Select(p => p.Silo)];
    }

    /// <summary>Whether the ring has no silo.</summary>
    public bool IsEmpty => _points.Length == 0;

    /// <summary>The silo that owns <paramref name="key"/>, or null on an empty ring.</summary>
    public SiloAddress? OwnerOf(string key) => OwnerOf(StableHash.Of(key));

    /// <summary>The silo that owns the ring position <paramref name="hash"/>, or null on an empty ring.</summary>
    public SiloAddress? OwnerOf(uint hash)
    {
        if (_points.Length == 0) return null;
        var index = Array.BinarySearch(_points, hash);
        if (index < 0) index = ~index;
        return _owners[index == _points.Length ? 0 : index];
    }
}

/// <summary>A 32-bit hash that is the same in every process and on every machine (FNV-1a 64 with a final mix).</summary>
public static class StableHash
{
    /// <summary>The hash of <paramref name="text"/>'s UTF-8 bytes.</summary>
    public static uint Of(string text)
    {
        Span<byte> buffer = text.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(text.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var length = Encoding.UTF8.GetBytes(text, buffer);
        var hash = 14695981039346656037UL;
        foreach (var b in buffer[..length]) hash = (hash ^ b) * 1099511628211UL;
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return (uint)hash;
    }
}
