namespace MemberCard.Runtime.Cluster;

/// <summary>How a silo joins a cluster of silos sharing one database (see docs/cluster.md).</summary>
public sealed class ClusterOptions
{
    /// <summary>Silos with the same cluster id form one cluster; several clusters may share a database.</summary>
    public string ClusterId { get; set; } = "membercard";

    /// <summary>The address other silos reach this silo at (the machine's address on the silo network).</summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>Address the silo-to-silo listener binds to.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Shared by every silo of the cluster: peers prove they know it before any request runs (docs/cluster.md).
    /// Required, at least 32 characters, when <see cref="ListenAddress"/> is not a loopback address.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>TCP port of the silo-to-silo listener (Orleans' default 11111); 0 picks a free port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Where a grain with no activation yet is placed: <c>hash</c> (default), <c>random</c> or <c>local</c>.</summary>
    public string Placement { get; set; } = "hash";

    /// <summary>How many times a call follows a "the grain lives elsewhere" answer before giving up (Orleans: 2).</summary>
    public int MaxForwardCount { get; set; } = 2;

    /// <summary>Most requests one connection carries at once; further senders wait (back-pressure).</summary>
    public int MaxInFlightPerConnection { get; set; } = 4096;

    /// <summary>How long opening a connection to another silo may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Membership timings.</summary>
    public MembershipOptions Membership { get; set; } = new();
}

/// <summary>Membership timings; defaults are Orleans' (see docs/cluster.md for the fast profile).</summary>
public sealed class MembershipOptions
{
    /// <summary>How often each silo probes its peers (Orleans: 5 s).</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a probe may take before it counts as missed (Orleans: 5 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive missed probes (direct and indirect) before this silo votes the peer dead (Orleans: 3).</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How many peers each silo probes (Orleans: 10).</summary>
    public int ProbedSilos { get; set; } = 10;

    /// <summary>Votes needed to declare a silo dead, capped at half the active silos rounded up (Orleans: 2).</summary>
    public int VotesForDeath { get; set; } = 2;

    /// <summary>A vote older than this no longer counts (Orleans: 2 min).</summary>
    public TimeSpan VoteExpiration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a silo writes its IAmAlive time (Orleans: 30 s).</summary>
    public TimeSpan IAmAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the table is re-read besides gossip (Orleans: 60 s).</summary>
    public TimeSpan TableRefreshInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The fast profile for tests and small clusters on one network: probes every second, two misses to suspect,
    /// refresh every 2 s. A dead silo is declared in about 3 s instead of about 15 s.
    /// </summary>
    public static MembershipOptions Fast() => new()
    {
        ProbeInterval = TimeSpan.FromSeconds(1),
        ProbeTimeout = TimeSpan.FromMilliseconds(750),
        MissedProbesLimit = 2,
        VoteExpiration = TimeSpan.FromSeconds(20),
        IAmAliveInterval = TimeSpan.FromSeconds(5),
        TableRefreshInterval = TimeSpan.FromSeconds(2),
    };

    /// <summary>Copies the timings of <paramref name="other"/> into this instance (configuration binding keeps the instance).</summary>
    public void CopyFrom(MembershipOptions other)
    {
        ProbeInterval = other.ProbeInterval;
        ProbeTimeout = other.ProbeTimeout;
        MissedProbesLimit = other.MissedProbesLimit;
        ProbedSilos = other.ProbedSilos;
        VotesForDeath = other.VotesForDeath;
        VoteExpiration = other.VoteExpiration;
        IAmAliveInterval = other.IAmAliveInterval;
        TableRefreshInterval = other.TableRefreshInterval;
    }
}
