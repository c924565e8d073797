using MemberCard.Abstractions;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Grains.Campaigns;

namespace MemberCard.Campaigns.Tests;

public sealed class CampaignLifecycleTests
{
    private static readonly string[] Statuses =
    [
        CampaignStatuses.Draft, CampaignStatuses.Scheduled, CampaignStatuses.Issuing, CampaignStatuses.Active,
        CampaignStatuses.Paused, CampaignStatuses.Ended, CampaignStatuses.Cancelled,
    ];

    private static readonly string[] Actions =
    [
        CampaignActions.Schedule, CampaignActions.Start, CampaignActions.Pause, CampaignActions.Resume,
        CampaignActions.Cancel, CampaignActions.End, CampaignLifecycle.Finish,
    ];

    // Every allowed move; every other (status, action) pair must be refused.
    private static readonly Dictionary<(string, string), string> Allowed = new()
    {
        [(CampaignStatuses.Draft, CampaignActions.Schedule)] = CampaignStatuses.Scheduled,
        [(CampaignStatuses.Draft, CampaignActions.Start)] = CampaignStatuses.Issuing,
        [(CampaignStatuses.Draft, CampaignActions.Cancel)] = CampaignStatuses.Cancelled,
        [(CampaignStatuses.Scheduled, CampaignActions.Start)] = CampaignStatuses.Issuing,
        [(CampaignStatuses.Scheduled, CampaignActions.Pause)] = CampaignStatuses.Paused,
        [(CampaignStatuses.Scheduled, CampaignActions.Cancel)] = CampaignStatuses.Cancelled,
        [(CampaignStatuses.Issuing, CampaignLifecycle.Finish)] = CampaignStatuses.Active,
        [(CampaignStatuses.Issuing, CampaignActions.Pause)] = CampaignStatuses.Paused,
        [(CampaignStatuses.Issuing, CampaignActions.Cancel)] = CampaignStatuses.Cancelled,
        [(CampaignStatuses.Issuing, CampaignActions.End)] = CampaignStatuses.Ended,
        [(CampaignStatuses.Active, CampaignActions.Pause)] = CampaignStatuses.Paused,
        [(CampaignStatuses.Active, CampaignActions.Cancel)] = CampaignStatuses.Cancelled,
        [(CampaignStatuses.Active, CampaignActions.End)] = CampaignStatuses.Ended,
        [(CampaignStatuses.Paused, CampaignActions.Resume)] = CampaignStatuses.Issuing,
        [(CampaignStatuses.Paused, CampaignActions.Cancel)] = CampaignStatuses.Cancelled,
        [(CampaignStatuses.Paused, CampaignActions.End)] = CampaignStatuses.Ended,
    };

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var status in Statuses)
            foreach (var action in Actions) data.Add(status, action);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void EveryStatusAndActionIsEitherTheTablesMoveOrAConflict(string status, string action)
    {
        // A paused campaign in this table was issuing when it was paused.
        var pausedFrom = status == CampaignStatuses.Paused ? CampaignStatuses.Issuing : null;
        if (Allowed.TryGetValue((status, action), out var expected))
        {
            Assert.Equal(expected, CampaignLifecycle.Next(status, pausedFrom, action).Status);
        }
        else
        {
            var e = Assert.Throws<DomainException>(() => CampaignLifecycle.Next(status, pausedFrom, action));
            Assert.Equal(ErrorCodes.CampaignStateConflict, e.Code);
        }
    }

    [Theory]
    [InlineData(CampaignStatuses.Scheduled)]
    [InlineData(CampaignStatuses.Issuing)]
    [InlineData(CampaignStatuses.Active)]
    public void ResumeReturnsToWherePauseCameFrom(string from)
    {
        var paused = CampaignLifecycle.Next(from, null, CampaignActions.Pause);
        Assert.Equal((CampaignStatuses.Paused, from), (paused.Status, paused.PausedFrom));
        var resumed = CampaignLifecycle.Next(paused.Status, paused.PausedFrom, CampaignActions.Resume);
        Assert.Equal((from, (string?)null), (resumed.Status, resumed.PausedFrom));
    }
}
