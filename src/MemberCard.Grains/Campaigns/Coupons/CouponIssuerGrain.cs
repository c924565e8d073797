using System.Text.Json;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Telemetry;
using Microsoft.Extensions.Options;

using MemberCard.Storage.State;

namespace MemberCard.Grains.Campaigns.Coupons;

/// <summary>
/// One issuance partition (key <c>campaignId/partition</c>). Each batch reads the next members of its slice in key
/// order, issues coupons to those in the segment and commits, in one write: its checkpoint and counters, each
/// coupon's code claim, its "member m holds coupon n" claim and the member's coupon log entry, and one
/// <c>coupons.issued</c> event with the batch's count. A crash loses at most the uncommitted batch, which the restart redoes from the
/// committed checkpoint; the per-member claims turn any overlap (a member listed twice) into a skip, never a
/// second coupon. Batches run on a timer; a throttled campaign starts each batch only when the previous batch's
/// coupons fit in the partition's share of the rate.
/// </summary>
[GrainType("coupon-issuer")]
public sealed class CouponIssuerGrain(IGrainStateScanner scanner, IGrainStorage storage, IOptions<CampaignOptions> options, [AtomicState] IAtomicState<CouponIssuerState> state) : StateGrain<CouponIssuerState>(state), ICouponIssuerGrain
{
    private const int ListEntriesPerBatch = 4;
    private const int ConflictAttempts = 5;
    private IDisposable? _timer;
    private DateTimeOffset _nextBatchAt;

    protected override CouponIssuerState CreateInitialState() => new(null, false, false, null, null, 0, 0, 0, null, null);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ArmTimer();
        return Task.CompletedTask;
    }

    public async Task StartAsync(IssuancePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!State.Finished && (!State.Running || State.Plan is null))
            await CommitAsync(State with { Plan = State.Plan ?? plan, Running = true, StartedAt = State.StartedAt ?? Clock.GetUtcNow() });
        ArmTimer();
    }

    public async Task StopAsync()
    {
        if (State.Running) await CommitAsync(State with { Running = false });
        ArmTimer();
    }

    public Task<PartitionProgress> GetProgressAsync() => Task.FromResult(new PartitionProgress(
        State.Plan?.Partition ?? -1, State.Running, State.Finished, State.Scanned, State.Targeted, State.Issued, State.StartedAt, State.FinishedAt));

    public async Task<bool> RunBatchAsync()
    {
        if (!State.Running || State.Finished || State.Plan is not { } plan) return false;
        var batchSize = Math.Max(1, options.Value.BatchSize);
        var now = Clock.GetUtcNow();
        var batch = plan.Definition.Segment.UploadedList ? await ReadListBatchAsync(plan, now) : await ScanBatchAsync(plan, batchSize, now);
        var targets = batch.Targets;
        var coupons = Plan(plan, targets, now);
        for (var attempt = 1; ; attempt++)
        {
            var issued = coupons.Count;
            var stockLeft = plan.StockShare is { } share ? share - State.Issued - issued : long.MaxValue;
            var finished = batch.Exhausted || stockLeft <= 0;
            var next = State with
            {
                Checkpoint = batch.Checkpoint ?? State.Checkpoint,
                LogCheckpoint = batch.LogCheckpoint ?? State.LogCheckpoint,
                Scanned = State.Scanned + batch.Scanned,
                Targeted = State.Targeted + targets.Count,
                Issued = State.Issued + issued,
                Finished = finished,
                Running = !finished,
                FinishedAt = finished ? now : null,
            };
            try
            {
                await CommitAsync(next, w =>
                {
                    foreach (var c in coupons)
                    {
                        w.Claim(CouponKeys.Issue(c.CampaignId, c.MemberId, c.Number), c.Code)
                            .Claim(CouponKeys.Code(c.Code), c)
                            .Append(CouponKeys.MemberLog(c.MemberId), c);
                    }
                    if (coupons.Count > 0) w.Publish(CouponWrites.Issued, new CouponsIssued(plan.CampaignId, coupons.Count, now));
                });
                MemberCardInstruments.CouponsIssued.Add(coupons.Count);
                break;
            }
            catch (ClaimConflictException) when (attempt < ConflictAttempts)
            {
                coupons = await WithoutConflictsAsync(coupons);
            }
        }
        ArmTimer();
        return !State.Finished;
    }

    // Coupons for the targeted members, numbers 1..perMemberLimit each, within the partition's remaining stock.
    private List<IssuedCoupon> Plan(IssuancePlan plan, IReadOnlyList<string> members, DateTimeOffset now)
    {
        var d = plan.Definition;
        var left = plan.StockShare is { } share ? share - State.Issued : long.MaxValue;
        var from = d.ValidFrom ?? now;
        DateTimeOffset? until = (d.ValidUntil, d.ValidDaysAfterIssue) switch
        {
            (null, null) => null,
            ({ } u, null) => u,
            (null, { } days) => now.AddDays(days),
            ({ } u, { } days) => u < now.AddDays(days) ? u : now.AddDays(days),
        };
        var coupons = new List<IssuedCoupon>();
        foreach (var member in members)
        {
            for (var n = 1; n <= d.PerMemberLimit && left > 0; n++, left--)
                coupons.Add(new IssuedCoupon(CouponCodes.New(), plan.CampaignId, member, n, now, from, until));
        }
        return coupons;
    }

    // Rare path: a member already holds coupon n (listed twice, or slices overlapped) → skip it; a code drawn twice → draw again.
    private async Task<List<IssuedCoupon>> WithoutConflictsAsync(List<IssuedCoupon> coupons)
    {
        var kept = new List<IssuedCoupon>(coupons.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in coupons)
        {
            if (!seen.Add($"{c.MemberId}/{c.Number}") || await ReadClaimAsync(CouponKeys.Issue(c.CampaignId, c.MemberId, c.Number)) is not null)
                continue;
            kept.Add(await ReadClaimAsync(CouponKeys.Code(c.Code)) is null ? c : c with { Code = CouponCodes.New() });
        }
        return kept;
    }

    private async Task<Batch> ScanBatchAsync(IssuancePlan plan, int batchSize, DateTimeOffset now)
    {
        var states = await scanner.ScanStatesAsync(CampaignGrain.MemberGrainType, State.Checkpoint ?? plan.AfterKey, plan.UpToKey, batchSize);
        var targets = states.Where(s => InSegment(s.Json, plan, now)).Select(s => s.Key).ToList();
        return new Batch(states.Count, targets, states.Count > 0 ? states[^1].Key : null, null, states.Count < batchSize);
    }

    // Uploaded lists are read newest chunk first; this partition takes the chunks whose log id falls to it.
    private async Task<Batch> ReadListBatchAsync(IssuancePlan plan, DateTimeOffset now)
    {
        var entries = await storage.ReadLogAsync(
            CouponKeys.TargetsLog(plan.CampaignId), new LogQuery(ListEntriesPerBatch, State.LogCheckpoint));
        var scanned = 0;
        var targets = new List<string>();
        foreach (var entry in entries.Where(e => e.Id % plan.Partitions == plan.Partition))
        {
            foreach (var memberId in Serializer.Deserialize<CampaignTargetChunk>(entry.Json).MemberIds)
            {
                var stored = await storage.ReadStateAsync(new MemberCard.Runtime.GrainId(CampaignGrain.MemberGrainType, memberId));
                if (stored is null) continue;
                scanned++;
                if (InSegment(stored.Json, plan, now)) targets.Add(memberId);
            }
        }
        return new Batch(scanned, targets, null, entries.Count > 0 ? entries[^1].Id : null, entries.Count < ListEntriesPerBatch);
    }

    // Decided while the parsed state is alive, so nothing of it is copied.
    private static bool InSegment(string json, IssuancePlan plan, DateTimeOffset now)
    {
        using var document = JsonDocument.Parse(json);
        return SegmentFilter.Matches(document.RootElement, plan.Definition.Segment, now);
    }

    private void ArmTimer()
    {
        var wanted = options.Value.AutoRun && State.Running && !State.Finished && State.Plan is not null;
        if (wanted && _timer is null)
        {
            // Unthrottled, a batch follows the previous one at once; throttled, the timer checks often and a batch
            // starts when the coupons of the previous one have been "paid for" at this partition's share of the rate
            // (a fixed period after each batch would add the batch's own time and fall short of the rate).
            var rate = State.Plan!.Definition.RatePerSecond;
            var tick = rate > 0 ? TimeSpan.FromMilliseconds(20) : TimeSpan.FromMilliseconds(1);
            _timer = this.RegisterGrainTimer(async _ => await PacedBatchAsync(), TimeSpan.FromMilliseconds(1), tick);
        }
        else if (!wanted && _timer is not null)
        {
            _timer.Dispose();
            _timer = null;
        }
    }

    private async Task PacedBatchAsync()
    {
        var started = Clock.GetUtcNow();
        if (started < _nextBatchAt || State.Plan is not { } plan) return;
        var issuedBefore = State.Issued;
        await RunBatchAsync();
        if (plan.Definition.RatePerSecond > 0)
        {
            // Coupons issued, not members scanned, are what the rate limits.
            var share = (double)plan.Definition.RatePerSecond / plan.Partitions;
            _nextBatchAt = started + TimeSpan.FromSeconds((State.Issued - issuedBefore) / share);
        }
    }

    private sealed record Batch(int Scanned, IReadOnlyList<string> Targets, string? Checkpoint, long? LogCheckpoint, bool Exhausted);
}
