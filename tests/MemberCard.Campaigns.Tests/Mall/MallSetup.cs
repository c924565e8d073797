using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Mall;
using MemberCard.Abstractions.Members;
using Orleans;

namespace MemberCard.Campaigns.Tests.Mall;

/// <summary>Members, cards with points and rewards for the points-mall tests; every id is fresh, so tests share nothing.</summary>
internal static class MallSetup
{
    public const string Store = "S001";

    public static string NewRewardId() => Guid.NewGuid().ToString("N");

    public static RewardDefinition Gift(int stock, long price = 100, int? limit = null) => new()
    {
        Name = "Umbrella", Kind = RewardKinds.Gift, Gift = "A red umbrella", PointsPrice = price, TotalStock = stock, PerMemberLimit = limit,
    };

    public static async Task<string> CreateRewardAsync(IGrainFactory grains, RewardDefinition definition)
    {
        var id = NewRewardId();
        await grains.GetGrain<IMallRewardGrain>(id).CreateAsync(new CreateReward(definition));
        return id;
    }

    /// <summary>A new member and one card of theirs holding <paramref name="points"/> points.</summary>
    public static async Task<(string MemberId, string CardNo)> MemberWithCardAsync(IGrainFactory grains, long points)
    {
        var memberId = Guid.NewGuid().ToString("N");
        var member = grains.GetGrain<IMemberGrain>(memberId);
        await member.RegisterAsync(new RegisterMember($"139{Random.Shared.NextInt64(10_000_000, 99_999_999)}", "Mall", null, null, Store));
        return (memberId, await CardWithPointsAsync(grains, memberId, points));
    }

    /// <summary>Another card of <paramref name="memberId"/> holding <paramref name="points"/> points.</summary>
    public static async Task<string> CardWithPointsAsync(IGrainFactory grains, string memberId, long points)
    {
        var cardNo = (await grains.GetGrain<IMemberGrain>(memberId).IssueCardAsync(new IssueCard())).CardNo;
        if (points > 0)
            await grains.GetGrain<ICardGrain>(cardNo).AdjustPointsAsync(new AdjustPoints(points, "test points", new RequestIdentity(null, null, $"p-{cardNo}")));
        return cardNo;
    }

    public static ExchangeReward Exchange(string rewardId, string? key = null) =>
        new(rewardId, Store, new RequestIdentity(key is null ? null : "test", key, $"exchange-{rewardId}"));

    /// <summary>The exchange's answer, or the refusal's code.</summary>
    public static async Task<(MallExchange? Done, string? Refused)> TryAsync(Task<MallExchange> exchange)
    {
        try
        {
            return (await exchange, null);
        }
        catch (DomainException e)
        {
            return (null, e.Code);
        }
    }
}
