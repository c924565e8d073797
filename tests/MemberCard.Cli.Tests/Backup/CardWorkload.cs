using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Testing;

namespace MemberCard.Cli.Tests.Backup;

/// <summary>Cards written through the real member and card grains: registrations, top-ups (principal and bonus) and purchases (points).</summary>
internal sealed class CardWorkload(DomainCluster cluster)
{
    /// <summary>The server's bonus step (50000 tops up 12000 of bonus), so cards carry principal and bonus.</summary>
    public static Dictionary<string, string?> Rules => new()
    {
        ["Rules:TopUpBonus:0:MinAmount"] = "50000",
        ["Rules:TopUpBonus:0:Bonus"] = "12000",
    };

    private long _requests;

    public List<string> Cards { get; } = [];

    /// <summary>Registers <paramref name="members"/> members with a card each, topped up and spent from.</summary>
    public async Task SeedAsync(int members)
    {
        for (var i = 0; i < members; i++)
        {
            var member = cluster.Grains.GetGrain<IMemberGrain>(Guid.NewGuid().ToString("N"));
            await member.RegisterAsync(new RegisterMember($"139{Random.Shared.Next(10_000_000, 99_999_999)}", $"Member {i}", null, null, "S001"));
            var cardNo = (await member.IssueCardAsync(new IssueCard())).CardNo;
            Cards.Add(cardNo);
            await TopUpAsync(cardNo, 50_000 + (i * 1_000));
            await PurchaseAsync(cardNo, 3_000 + (i * 100));
        }
    }

    public Task<CardTransaction> TopUpAsync(string cardNo, long amount) =>
        cluster.Grains.GetGrain<ICardGrain>(cardNo).TopUpAsync(new TopUp(amount, "S001", NextRequest()));

    public Task<CardTransaction> PurchaseAsync(string cardNo, long amount) =>
        cluster.Grains.GetGrain<ICardGrain>(cardNo).PurchaseAsync(new Purchase($"O-{Guid.NewGuid():N}", "S001", amount, amount, 0, NextRequest()));

    private RequestIdentity NextRequest()
    {
        var n = Interlocked.Increment(ref _requests);
        return new RequestIdentity("test", $"key-{n}", $"request-{n}");
    }
}
