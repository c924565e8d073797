using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Grains.Audit;
using MemberCard.Grains.Campaigns.Coupons;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Options;

using MemberCard.Storage.State;

namespace MemberCard.Grains.Campaigns;

/// <summary>
/// A campaign: definition, lifecycle and the issuance partitions it drives. It calls its partitions and never the
/// other way round (partitions only report through their own progress), so the two can never wait on each other.
/// Redemption does not write here: tills only read the campaign, from memory.
/// </summary>
[GrainType("campaign")]
public sealed class CampaignGrain(IGrainStateScanner scanner, IOptions<CampaignOptions> options, [AtomicState] IAtomicState<CampaignState> state)
    : StateGrain<CampaignState>(state), ICampaignGrain
{
    /// <summary>The durable reminder that wakes a scheduled or issuing campaign on whichever silo owns it.</summary>
    public const string KeepAliveReminder = "keep-alive";

    /// <summary>Grain type of members, whose states issuance scans.</summary>
    public const string MemberGrainType = "member";

    private const int TargetChunk = 500;
    private IDisposable? _timer;

    protected override CampaignState CreateInitialState() => new(null, "", null, null, 0, default, default, null, null, null);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ArmTimer();
        return Task.CompletedTask;
    }

    public async Task<CampaignView> CreateAsync(CreateCampaign command)
    {
        if (StateExists) throw new DomainException(ErrorCodes.CampaignExists, $"Campaign {Key} already exists.");
        CampaignDefinitionRules.Validate(command.Definition);
        var now = Clock.GetUtcNow();
        var next = new CampaignState(command.Definition, CampaignStatuses.Draft, null, null, 0, now, now, null, null, null);
        await CommitAsync(next, w => w
            .Append(CouponKeys.CampaignsLog, new CampaignListed(Key))
            .Publish("campaign.created", new CampaignStatusChanged(Key, next.Status, now))
            .Audit(command.Actor, Key, now));
        return ToView();
    }

    public Task<CampaignView?> GetAsync() => Task.FromResult(StateExists ? ToView() : null);

    public async Task<CampaignView> ChangeAsync(ChangeCampaign command)
    {
        RequireCampaign();
        var now = Clock.GetUtcNow();
        if (!CampaignLifecycle.IsAction(command.Action)) throw DomainException.Invalid("action", $"Unknown action {command.Action}.");
        if (command.Action == CampaignActions.Schedule && (command.At is not { } at || at <= now))
            throw DomainException.Invalid("at", "schedule needs a start time in the future.");
        var step = CampaignLifecycle.Next(State.Status, State.PausedFrom, command.Action);
        await MoveAsync(step, command.Action == CampaignActions.Schedule ? command.At : State.IssueAt, command.Actor);
        return ToView();
    }

    public async Task<long> AddTargetsAsync(AddCampaignTargets command)
    {
        RequireCampaign();
        if (State.Status != CampaignStatuses.Draft)
            throw new DomainException(ErrorCodes.CampaignStateConflict, "Targets can be added only while the campaign is a draft.");
        if (State.Definition!.Segment.UploadedList is false)
            throw new DomainException(ErrorCodes.CampaignStateConflict, "The campaign's segment does not use an uploaded list.");
        var ids = command.MemberIds.Distinct(StringComparer.Ordinal).ToList();
        var now = Clock.GetUtcNow();
        await CommitAsync(State with { TargetListSize = State.TargetListSize + ids.Count, UpdatedAt = now }, w =>
        {
            foreach (var chunk in ids.Chunk(TargetChunk)) w.Append(CouponKeys.TargetsLog(Key), new CampaignTargetChunk(chunk));
            w.Audit(command.Actor, Key, now);
        });
        return State.TargetListSize;
    }

    public async Task<CampaignProgress> GetProgressAsync()
    {
        RequireCampaign();
        var parts = await KeepGoingAsync();
        var now = Clock.GetUtcNow();
        long scanned = parts.Sum(p => p.Scanned), targeted = parts.Sum(p => p.Targeted), issued = parts.Sum(p => p.Issued);
        var elapsed = State.IssuingStartedAt is { } started ? ((State.IssuingFinishedAt ?? now) - started).TotalSeconds : 0;
        var rate = elapsed > 0 ? issued / elapsed : 0;
        double? eta = null;
        if (State.Status == CampaignStatuses.Issuing && scanned > 0 && elapsed > 0)
        {
            var total = State.Definition!.Segment.UploadedList ? State.TargetListSize : await scanner.CountStatesAsync(MemberGrainType);
            eta = Math.Max(0, total - scanned) * elapsed / scanned;
        }
        else if (State.IssuingFinishedAt is not null) eta = 0;
        return new CampaignProgress(Key, State.Status, scanned, targeted, issued, parts.Count(p => p.Finished),
            State.Definition!.Partitions, rate, eta, State.IssuingStartedAt, State.IssuingFinishedAt);
    }

    public async Task KeepAliveAsync()
    {
        if (StateExists) await KeepGoingAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != KeepAliveReminder) return;
        await KeepAliveAsync();
        // A tick that finds nothing left to drive (a crash between a move and its unregistration) ends the reminder;
        // a schedule further off than a reminder's first due time can be is set again from what is left.
        if (!NeedsWaking || State.Status == CampaignStatuses.Scheduled) await SyncReminderAsync();
    }

    private bool NeedsWaking =>
        StateExists && options.Value.AutoRun && State.Status is CampaignStatuses.Scheduled or CampaignStatuses.Issuing;

    // Moves a due schedule, (re)starts partitions that should run and finishes issuance when all partitions are done.
    private async Task<IReadOnlyList<PartitionProgress>> KeepGoingAsync()
    {
        if (State.Status == CampaignStatuses.Scheduled && State.IssueAt is { } at && at <= Clock.GetUtcNow())
            await MoveAsync(CampaignLifecycle.Next(State.Status, null, CampaignActions.Start), State.IssueAt, null);
        if (State.Status == CampaignStatuses.Issuing) await StartPartitionsAsync();
        var parts = State.IssuingStartedAt is null ? [] : await Task.WhenAll(Partitions().Select(p => p.GetProgressAsync()));
        if (State.Status == CampaignStatuses.Issuing && parts.Length > 0 && parts.All(p => p.Finished))
            await MoveAsync(CampaignLifecycle.Next(State.Status, null, CampaignLifecycle.Finish), State.IssueAt, null);
        return parts;
    }

    private async Task MoveAsync(LifecycleStep step, DateTimeOffset? issueAt, Abstractions.Access.AuditActor? actor)
    {
        var now = Clock.GetUtcNow();
        var next = State with { Status = step.Status, PausedFrom = step.PausedFrom, IssueAt = issueAt, UpdatedAt = now };
        if (step.Status == CampaignStatuses.Issuing && State.IssuingStartedAt is null)
            next = next with { IssuingStartedAt = now, Bounds = await CutSlicesAsync(State.Definition!.Partitions) };
        if (step.Status == CampaignStatuses.Active) next = next with { IssuingFinishedAt = now };
        await CommitAsync(next, w => w
            .Publish($"campaign.{step.Status}", new CampaignStatusChanged(Key, step.Status, now))
            .Audit(actor, Key, now));
        await SyncReminderAsync();
        if (step.Status == CampaignStatuses.Issuing) await StartPartitionsAsync();
        else if (State.IssuingStartedAt is not null && step.Status is CampaignStatuses.Paused or CampaignStatuses.Cancelled or CampaignStatuses.Ended)
            await Task.WhenAll(Partitions().Select(p => p.StopAsync()));
        ArmTimer();
    }

    // Equal slices of the member key space as it is now; members registered later fall into the last slice.
    // Fewer members than partitions: no bounds, and partition 0 takes everything.
    private async Task<IReadOnlyList<string?>> CutSlicesAsync(int partitions)
    {
        if (State.Definition!.Segment.UploadedList || partitions == 1) return [];
        var count = await scanner.CountStatesAsync(MemberGrainType);
        if (count < partitions) return [];
        var bounds = new List<string?>(partitions - 1);
        for (var i = 1; i < partitions; i++) bounds.Add(await scanner.KeyAtAsync(MemberGrainType, count * i / partitions - 1));
        return bounds;
    }

    private Task StartPartitionsAsync()
    {
        var d = State.Definition!;
        var limit = CampaignDefinitionRules.IssueLimit(d);
        var bounds = State.Bounds ?? [];
        return Task.WhenAll(Partitions().Select((p, i) =>
        {
            // Slice i is (bounds[i-1], bounds[i]]; without bounds, slice 0 is everything and the others ("", ""] are empty.
            var (after, upTo) = bounds.Count == 0
                ? (i == 0 ? ((string?)null, (string?)null) : ("", ""))
                : (i == 0 ? null : bounds[i - 1], i == d.Partitions - 1 ? null : bounds[i]);
            return p.StartAsync(new IssuancePlan(Key, i, d.Partitions, d, CampaignDefinitionRules.ShareOf(limit, i, d.Partitions), after, upTo));
        }));
    }

    private IEnumerable<ICouponIssuerGrain> Partitions() =>
        Enumerable.Range(0, State.Definition!.Partitions).Select(i => GrainFactory.GetGrain<ICouponIssuerGrain>($"{Key}/{i}"));

    // Registered (after the move commits) while scheduled or issuing, first due at the schedule; removed otherwise. A
    // crash between the commit and this call leaves the old reminder, whose next tick corrects it.
    private Task SyncReminderAsync()
    {
        if (!NeedsWaking) return this.ClearReminderAsync(KeepAliveReminder);
        var due = State.Status == CampaignStatuses.Scheduled && State.IssueAt is { } at ? at - Clock.GetUtcNow() : options.Value.ReminderPeriod;
        return this.SetReminderAsync(KeepAliveReminder, due, options.Value.ReminderPeriod);
    }

    // While scheduled or issuing, the campaign checks itself every second in memory; the reminder wakes it after a crash.
    private void ArmTimer()
    {
        var wanted = NeedsWaking;
        if (wanted && _timer is null) _timer = this.RegisterGrainTimer(_ => KeepAliveAsync(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        else if (!wanted && _timer is not null)
        {
            _timer.Dispose();
            _timer = null;
        }
    }

    private void RequireCampaign()
    {
        if (!StateExists) throw new DomainException(ErrorCodes.CampaignNotFound, $"Campaign {Key} does not exist.");
    }

    private CampaignView ToView() =>
        new(Key, State.Definition!, State.Status, State.IssueAt, State.TargetListSize, State.CreatedAt, State.UpdatedAt);
}
