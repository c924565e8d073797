namespace MemberCard.Runtime.Hosting;

/// <summary>Group commit settings (see docs/architecture.md).</summary>
public sealed class GroupCommitOptions
{
    /// <summary>When false, every write is its own transaction.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most writes in one transaction.</summary>
    public int MaxGroupSize { get; set; } = 128;

    /// <summary>How many groups may be committing at once.</summary>
    public int MaxConcurrentGroups { get; set; } = 2;
}
