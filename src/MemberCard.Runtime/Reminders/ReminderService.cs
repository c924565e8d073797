using MemberCard.Runtime.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemberCard.Runtime.Reminders;

/// <summary>
/// Fires the reminders this silo owns. A reminder belongs to the silo whose ring range holds the hash of its grain
/// (<see cref="IClusterView"/>), so when a silo joins, leaves or dies its reminders move with the ring. Each poll reads
/// the due rows, fires the owned ones, then advances each by whole periods with a compare-and-swap on its ETag. A
/// crash between firing and advancing fires again (at least once per period); the schedule itself is a table row
/// and is never lost.
/// </summary>
public sealed class ReminderService(
    IReminderTable table,
    RemindableGrainTypes types,
    IGrainFactory grains,
    IClusterView cluster,
    IOptions<ReminderOptions> options,
    TimeProvider clock,
    ILogger<ReminderService> logger) : BackgroundService
{
    /// <summary>Fires every due reminder this silo owns; returns how many fired.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var snapshot = cluster.Current;
        var due = await table.ReadDueAsync(now, options.Value.BatchSize, cancellationToken).ConfigureAwait(false);
        var fired = 0;
        foreach (var entry in due)
        {
            if (snapshot.Ring.OwnerOf(entry.RingHash) != cluster.LocalSilo) continue;
            try
            {
                await types.Reference(grains, entry.Grain)
                    .ReceiveReminderAsync(entry.Name, new TickStatus(entry.FirstDue, entry.Period, entry.NextDue, now)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Orleans' rule: a failed tick does not stop the schedule; the next period fires again.
                logger.LogWarning(e, "Reminder {Name} of {Grain} failed", entry.Name, entry.Grain);
            }
            fired++;
            await table.TryAdvanceAsync(entry, entry.NextAfter(now), cancellationToken).ConfigureAwait(false);
        }
        return fired;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FireDueAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Reading due reminders failed; retrying");
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
