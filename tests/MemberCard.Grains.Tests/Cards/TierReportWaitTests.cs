using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.Time.Testing;
using GrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Grains.Tests.Cards;

/// <summary>
/// A purchase on a tiered card reports the card's activity to its member, but the till waits at most one second for
/// it (a member on a dead silo answers only after detection): then the purchase is acknowledged all the same.
/// </summary>
public sealed class TierReportWaitTests
{
    private readonly SignallingClock _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task APurchaseWaitsOneSecondForABusyMemberThenAnswers()
    {
        var storage = new GatedStorage(new InMemoryGrainStorage(_clock));
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions { Storage = storage, Clock = _clock });
        var member = cluster.Grains.GetGrain<IMemberGrain>("m1");
        await member.RegisterAsync(new RegisterMember("13800138000", "Li Lei", null, null, "S001"));
        var card = cluster.Grains.GetGrain<ICardGrain>((await member.IssueCardAsync(new IssueCard())).CardNo);
        await card.TopUpAsync(new TopUp(10_000, "S001", new RequestIdentity(null, null, "top-up-1")));

        // The member is stuck in a write (as a member on a silo that just died would be, until detection).
        storage.Close(new GrainId("member", "m1"));
        var tags = member.SetTagsAsync(new SetTags(["vip"]));
        await storage.WaitForBlockedWriteAsync();

        var reportWait = _clock.NextOneSecondTimer();
        var purchase = card.PurchaseAsync(new Purchase("O-1", "S001", 5_000, 5_000, 0, new RequestIdentity(null, null, "purchase-1")));
        await reportWait.WaitAsync(TimeSpan.FromSeconds(10)); // the purchase committed and waits for the report...
        Assert.False(purchase.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var paid = await purchase.WaitAsync(TimeSpan.FromSeconds(10)); // ...one second, not until the member answers

        Assert.Equal(5_000, paid.BalanceCharged);
        Assert.False(tags.IsCompleted);
        storage.Open();
        await tags;
        Assert.Equal(5_000, (await member.GetAsync())!.RollingSpend);
    }

    /// <summary>A fake clock that tells when the next one-second timer (the report's wait) is started on it.</summary>
    private sealed class SignallingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private TaskCompletionSource? _next;

        public Task NextOneSecondTimer() => (_next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime == TimeSpan.FromSeconds(1)) _next?.TrySetResult();
            return timer;
        }
    }
}
