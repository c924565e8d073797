using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;

namespace MemberCard.Grains.Campaigns;

/// <summary>Where a lifecycle action leads: the new status and, while paused, the status to resume to.</summary>
public sealed record LifecycleStep(string Status, string? PausedFrom);

/// <summary>
/// The campaign lifecycle as a table. draft → scheduled → issuing → active → ended; pause from scheduled, issuing
/// or active and resume back to it; cancel from anything not finished; end from issuing, active or paused.
/// Anything else is 409 <c>campaign_state_conflict</c>.
/// </summary>
public static class CampaignLifecycle
{
    /// <summary>Internal step: every partition has finished.</summary>
    public const string Finish = "finish";

    private static readonly Dictionary<(string Action, string From), string> Moves = new()
    {
        [(CampaignActions.Schedule, CampaignStatuses.Draft)] = CampaignStatuses.Scheduled,
        [(CampaignActions.Start, CampaignStatuses.Draft)] = CampaignStatuses.Issuing,
        [(CampaignActions.Start, CampaignStatuses.Scheduled)] = CampaignStatuses.Issuing,
        [(Finish, CampaignStatuses.Issuing)] = CampaignStatuses.Active,
        [(CampaignActions.Pause, CampaignStatuses.Scheduled)] = CampaignStatuses.Paused,
        [(CampaignActions.Pause, CampaignStatuses.Issuing)] = CampaignStatuses.Paused,
        [(CampaignActions.Pause, CampaignStatuses.Active)] = CampaignStatuses.Paused,
        [(CampaignActions.Cancel, CampaignStatuses.Draft)] = CampaignStatuses.Cancelled,
        [(CampaignActions.Cancel, CampaignStatuses.Scheduled)] = CampaignStatuses.Cancelled,
        [(CampaignActions.Cancel, CampaignStatuses.Issuing)] = CampaignStatuses.Cancelled,
        [(CampaignActions.Cancel, CampaignStatuses.Active)] = CampaignStatuses.Cancelled,
        [(CampaignActions.Cancel, CampaignStatuses.Paused)] = CampaignStatuses.Cancelled,
        [(CampaignActions.End, CampaignStatuses.Issuing)] = CampaignStatuses.Ended,
        [(CampaignActions.End, CampaignStatuses.Active)] = CampaignStatuses.Ended,
        [(CampaignActions.End, CampaignStatuses.Paused)] = CampaignStatuses.Ended,
    };

    /// <summary>The step <paramref name="action"/> takes from <paramref name="status"/>.</summary>
    public static LifecycleStep Next(string status, string? pausedFrom, string action)
    {
        if (action == CampaignActions.Resume)
        {
            return status == CampaignStatuses.Paused && pausedFrom is not null
                ? new LifecycleStep(pausedFrom, null)
                : throw Conflict(status, action);
        }
        if (!Moves.TryGetValue((action, status), out var next)) throw Conflict(status, action);
        return new LifecycleStep(next, next == CampaignStatuses.Paused ? status : null);
    }

    /// <summary>Whether the action is one callers may send.</summary>
    public static bool IsAction(string action) => action is CampaignActions.Schedule or CampaignActions.Start or CampaignActions.Pause
        or CampaignActions.Resume or CampaignActions.Cancel or CampaignActions.End;

    private static DomainException Conflict(string status, string action) =>
        new(ErrorCodes.CampaignStateConflict, $"A campaign that is {status} cannot {action}.");
}
