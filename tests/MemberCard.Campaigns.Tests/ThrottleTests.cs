using MemberCard.Abstractions.Campaigns;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.Time.Testing;

namespace MemberCard.Campaigns.Tests;

/// <summary>A throttled campaign's timers issue at its rate, on the silo's (fake) clock.</summary>
public sealed class ThrottleTests
{
    [Fact]
    public async Task ABatchStartsOnlyWhenThePreviousBatchFitsInTheRate()
    {
        var time = new FakeTimeProvider(IssuanceSilo.Start);
        var storage = new FaultyStorage(new InMemoryGrainStorage(time));
        await using var silo = await IssuanceSilo.StartAsync(storage, batchSize: 10, autoRun: true, time);
        await IssuanceSilo.RegisterMembersAsync(silo.Grains, 60);
        var campaign = silo.Grains.GetGrain<ICampaignGrain>("c-paced");
        await campaign.CreateAsync(new CreateCampaign(new CampaignDefinition
        {
            Name = "Paced", Kind = CouponKinds.Fixed, AmountOff = 100, ValidDaysAfterIssue = 7, Partitions = 1, RatePerSecond = 100,
        }));
        await campaign.ChangeAsync(new ChangeCampaign(CampaignActions.Start));
        var issuer = silo.Grains.GetGrain<ICouponIssuerGrain>("c-paced/0");

        // 100 coupons/s and 10 per batch: a batch every 100 ms, the first at the first tick (20 ms).
        async Task<long> IssuedAfterAsync(int ticks)
        {
            for (var i = 0; i < ticks; i++)
            {
                // The grain timer's tick is queued on the partition as the fake clock passes its due time, so the
                // read-only progress call below waits behind the tick's batch.
                time.Advance(TimeSpan.FromMilliseconds(20));
                await issuer.GetProgressAsync();
            }
            return (await issuer.GetProgressAsync()).Issued;
        }

        Assert.Equal(10, await IssuedAfterAsync(1));
        Assert.Equal(10, await IssuedAfterAsync(4));   // 100 ms: the next batch is due at 120 ms
        Assert.Equal(20, await IssuedAfterAsync(1));   // 120 ms
        Assert.Equal(50, await IssuedAfterAsync(15));  // 420 ms
        Assert.Equal(60, await IssuedAfterAsync(5));   // 520 ms
        Assert.False((await issuer.GetProgressAsync()).Finished);
        await IssuedAfterAsync(5);                     // 620 ms: a batch that finds no more members
        Assert.True((await issuer.GetProgressAsync()).Finished);
    }
}
