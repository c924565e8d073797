using MemberCard.Runtime.Cluster;
using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.Membership;

/// <summary>
/// This silo's side of Orleans' membership protocol: joins the table, writes IAmAlive, re-reads the table
/// (on a timer and on gossip), probes peers directly and through another silo, votes a peer dead after
/// enough missed probes, and stops this silo when it reads itself dead. Every table write is a compare-and-swap
/// on the table version; a lost race re-reads and tries again. The periodic work runs from
/// <see cref="MembershipService"/>; the methods here are one step each, so tests drive them with a fake clock.
/// </summary>
public sealed class MembershipAgent(
    IMembershipTable table,
    IMembershipMessenger messenger,
    MembershipClusterView view,
    MembershipOptions options,
    TimeProvider clock,
    ISiloTerminator terminator,
    ILogger<MembershipAgent> logger)
{
    private const int MaxWriteAttempts = 8;

    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private int _terminated;

    /// <summary>This silo.</summary>
    public SiloAddress LocalSilo => view.LocalSilo;

    /// <summary>Whether this silo found itself declared dead and asked to be stopped.</summary>
    public bool IsTerminated => Volatile.Read(ref _terminated) == 1;

    /// <summary>Raised with the silos newly seen dead after a table read (the directory drops their entries).</summary>
    public event Func<IReadOnlyList<SiloAddress>, Task>? SilosDied;

    /// <summary>Inserts this silo as <see cref="SiloStatus.Joining"/>.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken = default)
    {
        await table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var data = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var entry = new MembershipEntry(LocalSilo, SiloStatus.Joining, [], now, now);
            if (await table.InsertAsync(entry, data.Version, cancellationToken).ConfigureAwait(false)) break;
            if (attempt >= MaxWriteAttempts) throw new InvalidOperationException($"Could not join the membership table as {LocalSilo}.");
        }
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        // An older generation on this endpoint is certainly gone (this process holds the port now): declare it dead
        // at once instead of waiting for the others to vote, so its grains come back without delay.
        var older = view.Table.Entries
            .Where(e => e.Silo.Endpoint == LocalSilo.Endpoint && e.Silo.Generation < LocalSilo.Generation && e.Status != SiloStatus.Dead)
            .Select(e => e.Silo).ToList();
        foreach (var silo in older)
        {
            logger.LogWarning("Declaring {Old}, an older generation of this endpoint, dead", silo);
            await UpdateRowAsync(silo, row => row.Status == SiloStatus.Dead ? null : row with { Status = SiloStatus.Dead }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Moves this silo to <paramref name="status"/> (Active after start, ShuttingDown and Dead on leave).</summary>
    public Task<bool> SetStatusAsync(SiloStatus status, CancellationToken cancellationToken = default) =>
        UpdateRowAsync(LocalSilo, row => row.Status == SiloStatus.Dead ? null : row with { Status = status }, cancellationToken);

    /// <summary>Writes this silo's IAmAlive time.</summary>
    public async Task HeartbeatAsync(CancellationToken cancellationToken = default)
    {
        var row = view.Table.Find(LocalSilo);
        if (row is null) return;
        await table.UpdateIAmAliveAsync(row with { IAmAliveTime = clock.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-reads the table, updates the cluster view, and stops this silo if the table says it is dead.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = view.Table;
            var data = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            view.Update(data);
            if (data.Find(LocalSilo)?.Status == SiloStatus.Dead) Terminate("the membership table declares this silo dead");
            var died = data.Entries
                .Where(e => e.Status == SiloStatus.Dead && before.Find(e.Silo)?.Status is not SiloStatus.Dead && e.Silo != LocalSilo)
                .Select(e => e.Silo).ToList();
            if (died.Count > 0 && SilosDied is { } handler) await handler(died).ConfigureAwait(false);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>
    /// Probes up to <see cref="MembershipOptions.ProbedSilos"/> peers (the next ones on a ring of active silos).
    /// A peer that misses a direct probe is tried through another silo; after
    /// <see cref="MembershipOptions.MissedProbesLimit"/> rounds missed in a row this silo votes it dead.
    /// </summary>
    public async Task ProbeRoundAsync(CancellationToken cancellationToken = default)
    {
        var targets = ProbeTargets();
        var results = await Task.WhenAll(targets.Select(ProbeOneAsync)).ConfigureAwait(false);
        foreach (var (target, ok) in results)
        {
            if (ok)
            {
                _missedProbes.Remove(target);
                continue;
            }
            var missed = _missedProbes[target] = _missedProbes.GetValueOrDefault(target) + 1;
            logger.LogInformation("{Target} missed {Missed} probe rounds", target, missed);
            if (missed >= options.MissedProbesLimit) await SuspectAsync(target, cancellationToken).ConfigureAwait(false);
        }
        foreach (var gone in _missedProbes.Keys.Except(targets).ToList()) _missedProbes.Remove(gone);
    }

    /// <summary>
    /// Adds this silo's vote against <paramref name="target"/>; declares it dead when the fresh votes reach
    /// min(<see cref="MembershipOptions.VotesForDeath"/>, ⌈active/2⌉). True when this call declared it dead.
    /// </summary>
    public async Task<bool> SuspectAsync(SiloAddress target, CancellationToken cancellationToken = default)
    {
        var declared = false;
        var written = await UpdateRowAsync(target, row =>
        {
            if (row.Status == SiloStatus.Dead) return null;
            var now = clock.GetUtcNow();
            var votes = row.FreshVotes(now - options.VoteExpiration).Where(v => v.Voter != LocalSilo).Append(new SuspicionVote(LocalSilo, now)).ToList();
            var active = view.Table.Entries.Count(e => e.Status == SiloStatus.Active);
            declared = votes.Count >= VotesNeeded(active);
            return row with { Suspicions = votes, Status = declared ? SiloStatus.Dead : row.Status };
        }, cancellationToken).ConfigureAwait(false);
        if (written && declared) logger.LogWarning("Declared {Target} dead", target);
        return written && declared;
    }

    /// <summary>Votes needed to declare a silo dead when <paramref name="activeSilos"/> are active.</summary>
    public int VotesNeeded(int activeSilos) => Math.Max(1, Math.Min(options.VotesForDeath, (activeSilos + 1) / 2));

    private List<SiloAddress> ProbeTargets()
    {
        var active = view.Current.ActiveSilos;
        var index = active.ToList().IndexOf(LocalSilo);
        var others = index < 0
            ? active.Where(s => s != LocalSilo).ToList()
            : [.. active.Skip(index + 1), .. active.Take(index)];
        return [.. others.Take(options.ProbedSilos)];
    }

    private async Task<(SiloAddress, bool)> ProbeOneAsync(SiloAddress target)
    {
        if (await messenger.ProbeAsync(target, options.ProbeTimeout).ConfigureAwait(false)) return (target, true);
        var helper = view.Current.ActiveSilos.Where(s => s != LocalSilo && s != target).OrderBy(_ => Random.Shared.Next()).FirstOrDefault();
        if (helper is null) return (target, false);
        // A silo that can reach the target proves the link, not the target, is at fault.
        return (target, await messenger.ProbeIndirectAsync(helper, target, options.ProbeTimeout).ConfigureAwait(false));
    }

    private async Task<bool> UpdateRowAsync(SiloAddress silo, Func<MembershipEntry, MembershipEntry?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var data = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            view.Update(data);
            var row = data.Find(silo);
            if (row is null) return false;
            var next = change(row);
            if (next is null) return false;
            if (await table.UpdateAsync(next, data.Version, cancellationToken).ConfigureAwait(false))
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                await GossipAsync().ConfigureAwait(false);
                return true;
            }
        }
        logger.LogWarning("Gave up updating the membership row of {Silo} after {Attempts} version conflicts", silo, MaxWriteAttempts);
        return false;
    }

    private Task GossipAsync() =>
        Task.WhenAll(view.Current.ActiveSilos.Where(s => s != LocalSilo).Select(messenger.NotifyChangedAsync));

    private void Terminate(string reason)
    {
        if (Interlocked.Exchange(ref _terminated, 1) == 1) return;
        logger.LogError("Stopping this silo ({Silo}): {Reason}", LocalSilo, reason);
        terminator.Terminate(reason);
    }
}
