using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Campaigns;

/// <summary>
/// Stands in when the registered storage cannot scan (a wrapper around a provider, for example): the silo still
/// starts and serves everything else, and only issuance fails, saying why.
/// </summary>
internal sealed class MissingStateScanner : IGrainStateScanner
{
    public Task<IReadOnlyList<ScannedState>> ScanStatesAsync(
        string grainType, string? afterKey, string? upToKey, int limit, CancellationToken cancellationToken = default) => throw Missing();

    public Task<long> CountStatesAsync(string grainType, CancellationToken cancellationToken = default) => throw Missing();

    public Task<string?> KeyAtAsync(string grainType, long offset, CancellationToken cancellationToken = default) => throw Missing();

    private static InvalidOperationException Missing() =>
        new("The registered grain storage cannot scan states; campaign issuance needs a provider that implements IGrainStateScanner.");
}
