using MemberCard.Abstractions;
using MemberCard.Abstractions.Activities;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Audit;
using MemberCard.Grains.Shared;
using MemberCard.Storage.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Activities;

/// <summary>
/// One member activity (docs/activities.md): places, sign-ups, waiting list and attendance. Calls run one at a time and
/// each change commits before its answer, so two sign-ups for the last place are decided one after the other and the
/// stored version's compare-and-swap refuses a stale duplicate activation. A check-in publishes
/// <c>activity.checked_in</c> in its own write; the card credits it once, whether it comes from here or the outbox.
/// </summary>
[GrainType("activity")]
public sealed class ActivityGrain(IOptions<ActivityOptions> options, ILogger<ActivityGrain> logger, [AtomicState] IAtomicState<ActivityState> state)
    : StateGrain<ActivityState>(state), IActivityGrain
{
    protected override ActivityState CreateInitialState() => new(null, ActivityStatuses.Open, default, 1, []);

    public async Task<ActivityView> CreateAsync(CreateActivity command)
    {
        if (StateExists) throw new DomainException(ErrorCodes.ActivityExists, $"Activity {Key} already exists.");
        ActivityRules.Validate(command.Definition);
        var now = Clock.GetUtcNow();
        await CommitAsync(new ActivityState(command.Definition, ActivityStatuses.Open, now, 1, []), w => w
            .Append(ActivityKeys.ActivitiesLog, new ActivityListed(Key))
            .Audit(command.Actor, Target(), now));
        return View();
    }

    public Task<ActivityView?> GetAsync() => Task.FromResult(StateExists ? View() : null);

    public async Task<ActivityView> CancelAsync(CancelActivity command)
    {
        RequireActivity();
        await CommitAsync(State with { Status = ActivityStatuses.Cancelled }, w => w.Audit(command.Actor, Target(), Clock.GetUtcNow()));
        return View();
    }

    public async Task<ActivityRegistration> SignUpAsync(SignUpForActivity command)
    {
        var definition = RequireOpenActivity();
        var now = Clock.GetUtcNow();
        if (Find(command.MemberId) is { Status: not RegistrationStatuses.Cancelled } existing)
        {
            // A repeat (a retried request, a second tap) is no second place.
            if (command.Actor is not null) await CommitAsync(State, w => w.Audit(command.Actor, Target(command.MemberId), now));
            return Registration(existing);
        }
        ActivityRules.RequireSignUpOpen(definition, now);
        // Read inside the turn: nothing else runs on this activity meanwhile, so the places counted below stay true.
        var member = await GrainFactory.GrainOf<IMemberGrain>(command.MemberId).GetAsync()
            ?? throw new DomainException(ErrorCodes.MemberNotFound, $"Member {command.MemberId} does not exist.");
        ActivityRules.RequireEligible(definition, member);
        var status = Holding().Count() < definition.Capacity ? RegistrationStatuses.SignedUp
            : Waiting().Count() < definition.WaitlistCapacity ? RegistrationStatuses.Waitlisted
            : throw new DomainException(ErrorCodes.ActivityFull, "Every place and the whole waiting list are taken.");
        var joined = new ActivityMember(command.MemberId, status, State.NextSeq, now);
        await CommitAsync(State with { NextSeq = State.NextSeq + 1, Members = Replace(State.Members, joined) },
            w => w.Audit(command.Actor, Target(command.MemberId), now));
        return Registration(joined);
    }

    public async Task<ActivityRegistration> CancelSignUpAsync(CancelActivitySignUp command)
    {
        var definition = RequireActivity();
        var now = Clock.GetUtcNow();
        var existing = Find(command.MemberId);
        if (existing is null or { Status: RegistrationStatuses.Cancelled })
            throw new DomainException(ErrorCodes.NotSignedUp, $"Member {command.MemberId} is not signed up for this activity.");
        if (existing.Status == RegistrationStatuses.Attended)
            throw new DomainException(ErrorCodes.AlreadyCheckedIn, "The member has already attended.");
        ActivityRules.RequireNotStarted(definition, now);
        var cancelled = existing with { Status = RegistrationStatuses.Cancelled };
        var members = Replace(State.Members, cancelled);
        // The freed place goes to the first in line, in the same write.
        if (existing.Status == RegistrationStatuses.SignedUp && Waiting().FirstOrDefault() is { } next)
            members = Replace(members, next with { Status = RegistrationStatuses.SignedUp });
        await CommitAsync(State with { Members = members }, w => w.Audit(command.Actor, Target(command.MemberId), now));
        return Registration(cancelled);
    }

    public async Task<ActivityCheckIn> CheckInAsync(CheckInToActivity command)
    {
        var definition = RequireOpenActivity();
        var now = Clock.GetUtcNow();
        if (!definition.StoreIds.Contains(command.StoreId))
            throw new DomainException(ErrorCodes.ActivityNotAtStore, $"The activity does not take place at store {command.StoreId}.");
        ActivityRules.RequireCheckInOpen(definition, now);
        var existing = Find(command.MemberId);
        if (existing is { Status: RegistrationStatuses.Attended })
            throw new DomainException(ErrorCodes.AlreadyCheckedIn, $"The member was checked in at {existing.CheckedInAt:yyyy-MM-ddTHH:mm:ssZ}.");
        if (existing is not { Status: RegistrationStatuses.SignedUp })
            throw new DomainException(ErrorCodes.NotSignedUp, existing is { Status: RegistrationStatuses.Waitlisted }
                ? "The member is on the waiting list, not signed up." : "The member is not signed up for this activity.");

        var attended = existing with
        {
            Status = RegistrationStatuses.Attended, CheckedInAt = now, CardNo = command.CardNo, StoreId = command.StoreId, Points = definition.Points,
        };
        var award = new AwardActivityPoints(Key, command.MemberId, command.CardNo, definition.Points, definition.Name);
        await CommitAsync(State with { Members = Replace(State.Members, attended) }, w =>
        {
            if (award.Points > 0) w.Publish(ActivityKeys.CheckedIn, award);
            w.Audit(command.Actor, Target(command.MemberId), now);
        });
        var awarded = award.Points == 0 || await TryAwardAsync(award);
        return new ActivityCheckIn(Registration(attended), award.Points, awarded);
    }

    public Task<ActivityRegistration?> GetRegistrationAsync(string memberId) =>
        Task.FromResult(StateExists && Find(memberId) is { } m ? Registration(m) : null);

    public Task<ActivityReport> GetReportAsync()
    {
        var definition = RequireActivity();
        var ended = Clock.GetUtcNow() >= definition.EndsAt;
        var members = State.Members;
        var waiting = Count(RegistrationStatuses.SignedUp);
        var attended = members.Where(m => m.Status == RegistrationStatuses.Attended).ToList();
        return Task.FromResult(new ActivityReport(Key, definition.Capacity, waiting + attended.Count, Count(RegistrationStatuses.Waitlisted),
            Count(RegistrationStatuses.Cancelled), attended.Count, ended ? waiting : 0, ended ? 0 : waiting, attended.Sum(m => m.Points), ended,
            [.. members.OrderBy(m => m.Seq).Select(Registration)]));

        int Count(string status) => members.Count(m => m.Status == status);
    }

    // The outbox consumer credits the points anyway; this only makes them visible in the check-in's answer.
    private async Task<bool> TryAwardAsync(AwardActivityPoints award)
    {
        if (!options.Value.AwardAtOnce) return false;
        try
        {
            await GrainFactory.GrainOf<ICardActivityPointsGrain>(award.CardNo).AwardActivityPointsAsync(award).WaitAsync(options.Value.AwardWait, Clock);
            return true;
        }
        // The check-in is committed whatever happens here: it is answered as done and the outbox pays (or dead-letters) the points.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Activity {ActivityId}: points for {MemberId} left to the outbox", Key, award.MemberId);
            return false;
        }
    }

    private ActivityDefinition RequireActivity() =>
        State.Definition ?? throw new DomainException(ErrorCodes.ActivityNotFound, $"Activity {Key} does not exist.");

    private ActivityDefinition RequireOpenActivity()
    {
        var definition = RequireActivity();
        if (State.Status == ActivityStatuses.Cancelled) throw new DomainException(ErrorCodes.ActivityCancelled, "The activity was cancelled.");
        return definition;
    }

    private ActivityMember? Find(string memberId) => State.Members.FirstOrDefault(m => m.MemberId == memberId);

    // Members holding a place: signed up or already attended.
    private IEnumerable<ActivityMember> Holding() =>
        State.Members.Where(m => m.Status is RegistrationStatuses.SignedUp or RegistrationStatuses.Attended);

    private IEnumerable<ActivityMember> Waiting() =>
        State.Members.Where(m => m.Status == RegistrationStatuses.Waitlisted).OrderBy(m => m.Seq);

    private static IReadOnlyList<ActivityMember> Replace(IReadOnlyList<ActivityMember> members, ActivityMember changed) =>
        members.Any(m => m.MemberId == changed.MemberId)
            ? [.. members.Select(m => m.MemberId == changed.MemberId ? changed : m)]
            : [.. members, changed];

    private ActivityRegistration Registration(ActivityMember m) => new(Key, m.MemberId, m.Status,
        m.Status == RegistrationStatuses.Waitlisted ? 1 + State.Members.Count(o => o.Status == RegistrationStatuses.Waitlisted && o.Seq < m.Seq) : null,
        m.SignedUpAt, m.CheckedInAt, m.CardNo, m.StoreId);

    private ActivityView View() => new(Key, State.Definition!, State.Status, Holding().Count(), Waiting().Count(), State.CreatedAt);

    private string Target(string? memberId = null) => memberId is null ? $"activity/{Key}" : $"activity/{Key}/{memberId}";
}
