using MemberCard.Runtime.Cluster;

namespace MemberCard.Runtime.Tests;

public sealed class ConsistentRingTests
{
    private static readonly SiloAddress A = new("127.0.0.1", 11111, 1);
    private static readonly SiloAddress B = new("127.0.0.1", 11112, 1);
    private static readonly SiloAddress C = new("127.0.0.1", 11113, 1);
    private static readonly string[] Keys = [.. Enumerable.Range(0, 30_000).Select(i => $"card/{i}")];

    [Fact]
    public void SiloAddressRoundTripsThroughItsText()
    {
        var silo = new SiloAddress("10.0.0.7", 11111, 1_763_770_000_123);
        Assert.Equal("10.0.0.7:11111:1763770000123", silo.ToString());
        Assert.Equal(silo, SiloAddress.Parse(silo.ToString()));
        Assert.Throws<FormatException>(() => SiloAddress.Parse("10.0.0.7:11111"));
    }

    [Fact]
    public void StableHashIsFixedAcrossProcesses()
    {
        // Pinned values: a change here would move every queue and reminder range between silos.
        // The expected values were computed independently (FNV-1a 64 + murmur3 fmix64, low 32 bits).
        Assert.Equal(0x882637E0u, StableHash.Of("card/42"));
        Assert.Equal(0xBA992926u, StableHash.Of(""));
        Assert.Equal(0x82505E30u, StableHash.Of("member/M1"));
    }

    [Fact]
    public void KeysSpreadEvenlyOverThreeSilos()
    {
        var ring = new ClusterSnapshot(1, [A, B, C]).Ring;
        var counts = Keys.GroupBy(k => ring.OwnerOf(k)).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(3, counts.Count);
        foreach (var count in counts.Values) Assert.InRange(count, Keys.Length / 3 * 0.7, Keys.Length / 3 * 1.3);
    }

    [Fact]
    public void WhenASiloLeavesOnlyItsKeysMove()
    {
        var before = new ClusterSnapshot(1, [A, B, C]).Ring;
        var after = new ClusterSnapshot(2, [A, B]).Ring;
        foreach (var key in Keys)
        {
            var owner = before.OwnerOf(key);
            if (owner != C) Assert.Equal(owner, after.OwnerOf(key));
            else Assert.NotEqual(C, after.OwnerOf(key));
        }
    }

    [Fact]
    public void SnapshotIgnoresOrderAndDuplicates()
    {
        var one = new ClusterSnapshot(1, [C, A, B, A]);
        var two = new ClusterSnapshot(1, [A, B, C]);
        Assert.Equal(two.ActiveSilos, one.ActiveSilos);
        Assert.All(Keys.Take(500), k => Assert.Equal(two.Ring.OwnerOf(k), one.Ring.OwnerOf(k)));
        Assert.Null(new ClusterSnapshot(1, []).Ring.OwnerOf("x"));
    }
}
