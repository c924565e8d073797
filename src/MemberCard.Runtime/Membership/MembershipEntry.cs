using MemberCard.Runtime.Cluster;

namespace MemberCard.Runtime.Membership;

/// <summary>A silo's status in the membership table (Orleans' states).</summary>
public enum SiloStatus
{
    /// <summary>Starting; not yet taking grains.</summary>
    Joining,

    /// <summary>Serving grains.</summary>
    Active,

    /// <summary>Leaving gracefully: no new activations, finishing what it holds.</summary>
    ShuttingDown,

    /// <summary>Gone for good; a silo that reads itself dead stops.</summary>
    Dead,
}

/// <summary>A death vote: who suspected the silo and when.</summary>
public sealed record SuspicionVote(SiloAddress Voter, DateTimeOffset At);

/// <summary>One row of the membership table. <see cref="ETag"/> changes on every write of the row.</summary>
public sealed record MembershipEntry(
    SiloAddress Silo,
    SiloStatus Status,
    IReadOnlyList<SuspicionVote> Suspicions,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime,
    long ETag = 0)
{
    /// <summary>Votes cast after <paramref name="cutoff"/>.</summary>
    public IEnumerable<SuspicionVote> FreshVotes(DateTimeOffset cutoff) => Suspicions.Where(v => v.At > cutoff);
}

/// <summary>The whole table at one version: every change to any row bumps the version by compare-and-swap.</summary>
public sealed record MembershipTableData(long Version, IReadOnlyList<MembershipEntry> Entries)
{
    /// <summary>The row of <paramref name="silo"/>, if any.</summary>
    public MembershipEntry? Find(SiloAddress silo) => Entries.FirstOrDefault(e => e.Silo == silo);

    /// <summary>Silos whose status is <see cref="SiloStatus.Active"/>.</summary>
    public IEnumerable<SiloAddress> Active => Entries.Where(e => e.Status == SiloStatus.Active).Select(e => e.Silo);
}
