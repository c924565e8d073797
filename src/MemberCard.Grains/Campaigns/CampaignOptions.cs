namespace MemberCard.Grains.Campaigns;

/// <summary>Issuance settings (section "Campaigns").</summary>
public sealed class CampaignOptions
{
    /// <summary>Members a partition reads per batch (one write per batch).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Whether partitions issue on their own timers; tests switch it off and drive batches by hand.</summary>
    public bool AutoRun { get; set; } = true;

    /// <summary>How often the keeper wakes issuing and scheduled campaigns (restarting partitions after a crash).</summary>
    public TimeSpan KeeperInterval { get; set; } = TimeSpan.FromSeconds(10);
}
