using System.Text.Json;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Runtime;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Campaigns;

/// <summary>
/// Wakes every scheduled or issuing campaign at start and then every <see cref="CampaignOptions.KeeperInterval"/>,
/// so issuance resumes after a crash or restart (the campaign restarts its partitions from their checkpoints) and
/// schedules start on time. The streams issue's durable reminders can replace this loop; the campaign's
/// <see cref="ICampaignGrain.KeepAliveAsync"/> is the one call a reminder would make.
/// </summary>
internal sealed partial class CampaignKeeper(
    IGrainStateScanner scanner, IGrainFactory grains, IOptions<CampaignOptions> options, TimeProvider clock, ILogger<CampaignKeeper> logger)
    : BackgroundService
{
    private const int Page = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.AutoRun) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WakeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWakeFailed(logger, e);
            }
            await Task.Delay(options.Value.KeeperInterval, clock, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task WakeAsync(CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var page = await scanner.ScanStatesAsync("campaign", after, null, Page, cancellationToken);
            foreach (var campaign in page)
            {
                using var state = JsonDocument.Parse(campaign.Json);
                var status = state.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
                if (status is CampaignStatuses.Scheduled or CampaignStatuses.Issuing)
                    await grains.GetGrain<ICampaignGrain>(campaign.Key).KeepAliveAsync();
            }
            if (page.Count < Page) return;
            after = page[^1].Key;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking campaigns failed; trying again at the next interval.")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception);
}
