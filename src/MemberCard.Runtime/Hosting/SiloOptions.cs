namespace MemberCard.Runtime.Hosting;

/// <summary>Timings of one silo. Defaults follow Orleans'.</summary>
public sealed class SiloOptions
{
    /// <summary>An activation unused for this long is deactivated (Orleans: 15 min).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A caller gives up waiting for a call after this long (Orleans: 30 s).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long shutdown waits for activations to finish their turns and deactivate.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Committing many grains' writes in one transaction.</summary>
    public GroupCommitOptions GroupCommit { get; set; } = new();
}

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
