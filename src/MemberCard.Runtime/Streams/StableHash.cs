using System.Text;

namespace MemberCard.Runtime.Streams;

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
