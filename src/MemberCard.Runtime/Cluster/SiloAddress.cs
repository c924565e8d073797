using System.Globalization;

namespace MemberCard.Runtime.Cluster;

/// <summary>
/// A silo's identity, as in Orleans: <c>address:port:generation</c>. The generation is the start time
/// (Unix milliseconds), so a restarted process on the same endpoint is a different silo.
/// </summary>
public sealed record SiloAddress(string Host, int Port, long Generation) : IComparable<SiloAddress>
{
    /// <summary>The endpoint without the generation (where to connect).</summary>
    public string Endpoint => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A new identity for a silo starting now on <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static SiloAddress New(string host, int port, TimeProvider clock) =>
        new(host, port, clock.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>Parses the <c>host:port:generation</c> form written by <see cref="ToString"/>.</summary>
    public static SiloAddress Parse(string text)
    {
        var last = text.LastIndexOf(':');
        var middle = last > 0 ? text.LastIndexOf(':', last - 1) : -1;
        if (middle <= 0) throw new FormatException($"'{text}' is not host:port:generation.");
        return new SiloAddress(
            text[..middle],
            int.Parse(text.AsSpan(middle + 1, last - middle - 1), CultureInfo.InvariantCulture),
            long.Parse(text.AsSpan(last + 1), CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Endpoint}:{Generation.ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public int CompareTo(SiloAddress? other) =>
        other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());
}
