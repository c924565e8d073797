using MemberCard.Abstractions;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Cards;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.Time.Testing;
using Orleans;

namespace MemberCard.Grains.Tests.Cards;

/// <summary>
/// Dynamic member codes: a code names its card, a lookup leaves it usable, a payment consumes it, it holds at most two
/// minutes, a forged or a frozen card's code is refused, and two tills with one code move money once.
/// </summary>
public sealed class MemberCodeTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero));
    private readonly InMemoryGrainStorage _storage;
    private int _requests;

    public MemberCodeTests() => _storage = new InMemoryGrainStorage(_clock);

    [Fact]
    public async Task ALookupLeavesTheCodeUsableAndAPaymentConsumesIt()
    {
        await using var cluster = await StartAsync();
        var (cardNo, card) = await CardAsync(cluster);
        var issued = await Codes(card).IssueMemberCodeAsync("m1");

        Assert.Equal((18, cardNo), (issued.Code.Length, issued.CardNo));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 2, 0, TimeSpan.Zero), issued.ValidUntil);
        Assert.Equal(cardNo, (await Codes(card).LookupByMemberCodeAsync(issued.Code)).CardNo);
        Assert.Equal(cardNo, (await Codes(card).LookupByMemberCodeAsync(issued.Code)).CardNo);
        var request = Request();
        var paid = await card.PurchaseAsync(new Purchase("O-1", "S001", 1_000, 1_000, 0, request) { MemberCode = issued.Code });

        Assert.Equal(-1_000, paid.BalanceDelta);
        await AssertRefusedAsync(ErrorCodes.MemberCodeUsed, card.PurchaseAsync(new Purchase("O-2", "S001", 1_000, 1_000, 0, Request()) { MemberCode = issued.Code }));
        await AssertRefusedAsync(ErrorCodes.MemberCodeUsed, card.TopUpAsync(new TopUp(1_000, "S001", Request()) { MemberCode = issued.Code }));
        await AssertRefusedAsync(ErrorCodes.MemberCodeUsed, Codes(card).LookupByMemberCodeAsync(issued.Code));
        // The till retrying its own request gets its answer again, not a refusal.
        Assert.Equal(paid.TransactionId, (await card.PurchaseAsync(new Purchase("O-1", "S001", 1_000, 1_000, 0, request) { MemberCode = issued.Code })).TransactionId);
        Assert.Equal(9_000, (await card.GetAsync())!.Balance);
    }

    [Fact]
    public async Task ACodeHoldsInItsMinuteAndTheNextThenNeverAgain()
    {
        await using var cluster = await StartAsync();
        var (_, card) = await CardAsync(cluster);
        var first = (await Codes(card).IssueMemberCodeAsync("m1")).Code;

        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = (await Codes(card).IssueMemberCodeAsync("m1")).Code;
        Assert.NotEqual(first, second);
        await Codes(card).LookupByMemberCodeAsync(first);
        await card.TopUpAsync(new TopUp(500, "S001", Request()) { MemberCode = first });

        _clock.Advance(TimeSpan.FromMinutes(1));
        await AssertRefusedAsync(ErrorCodes.MemberCodeInvalid, Codes(card).LookupByMemberCodeAsync(first));
        await card.TopUpAsync(new TopUp(500, "S001", Request()) { MemberCode = second });
        _clock.Advance(TimeSpan.FromMinutes(1));
        await AssertRefusedAsync(ErrorCodes.MemberCodeInvalid, Codes(card).LookupByMemberCodeAsync(second));
        Assert.Equal(11_000, (await card.GetAsync())!.Balance);
    }

    [Fact]
    public async Task AForgedCodeAnotherCardsCodeAndAFrozenCardsCodeAreRefused()
    {
        await using var cluster = await StartAsync();
        var (_, card) = await CardAsync(cluster);
        var (_, other) = await CardAsync(cluster);
        var code = (await Codes(card).IssueMemberCodeAsync("m1")).Code;
        var forged = code[..^1] + (char)('0' + (code[^1] - '0' + 1) % 10);

        await AssertRefusedAsync(ErrorCodes.MemberCodeInvalid, Codes(card).LookupByMemberCodeAsync(forged));
        await AssertRefusedAsync(ErrorCodes.MemberCodeInvalid, Codes(other).LookupByMemberCodeAsync(code));
        await AssertRefusedAsync(ErrorCodes.CardNotFound, Codes(card).IssueMemberCodeAsync("m2"));

        await card.FreezeAsync(new ChangeCardStatus("lost phone"));
        await AssertRefusedAsync(ErrorCodes.MemberCodeInvalid, Codes(card).LookupByMemberCodeAsync(code));
        await AssertRefusedAsync(ErrorCodes.MemberCodeInvalid, card.PurchaseAsync(new Purchase("O-1", "S001", 100, 100, 0, Request()) { MemberCode = code }));
        await AssertRefusedAsync(ErrorCodes.MemberCodeInvalid, Codes(card).IssueMemberCodeAsync("m1"));
        Assert.Equal(10_000, (await card.GetAsync())!.Balance);
    }

    [Fact]
    public async Task TwoTillsWithOneCodeMoveMoneyOnce()
    {
        await using var cluster = await StartAsync();
        var (_, card) = await CardAsync(cluster);
        var code = (await Codes(card).IssueMemberCodeAsync("m1")).Code;

        var results = await Task.WhenAll(Enumerable.Range(1, 2).Select(async i =>
        {
            try
            {
                await card.PurchaseAsync(new Purchase($"O-{i}", "S001", 2_000, 2_000, 0, Request()) { MemberCode = code });
                return "ok";
            }
            catch (DomainException e)
            {
                return e.Code;
            }
        }));

        Assert.Equal(["member_code_used", "ok"], results.Order());
        Assert.Equal(8_000, (await card.GetAsync())!.Balance);
    }

    [Fact]
    public async Task TheAliasIsClaimedForItsCard()
    {
        await using var cluster = await StartAsync();
        var (cardNo, card) = await CardAsync(cluster);
        var code = (await Codes(card).IssueMemberCodeAsync("m1")).Code;

        Assert.True(MemberCodes.TryParse(code, out var alias));
        Assert.Equal(cardNo, (await _storage.ReadClaimAsync(MemberCodes.ClaimFor(alias)))!.Owner.Key);
        Assert.Equal(code, (await Codes(card).IssueMemberCodeAsync("m1")).Code); // the same minute, the same code, no new alias
    }

    private static ICardMemberCodeGrain Codes(ICardGrain card) => card.AsReference<ICardMemberCodeGrain>();

    private async Task<(string CardNo, ICardGrain Card)> CardAsync(DomainCluster cluster)
    {
        var member = cluster.Grains.GetGrain<IMemberGrain>("m1");
        if (await member.GetAsync() is null) await member.RegisterAsync(new RegisterMember("13800138000", "Li Lei", null, null, "S001"));
        var cardNo = (await member.IssueCardAsync(new IssueCard())).CardNo;
        await cluster.Grains.GetGrain<ICardGrain>(cardNo).TopUpAsync(new TopUp(10_000, "S001", Request()));
        return (cardNo, cluster.Grains.GetGrain<ICardGrain>(cardNo));
    }

    private RequestIdentity Request() => new("till", $"k{++_requests}", $"f{_requests}");

    private static async Task AssertRefusedAsync(string code, Task call) => Assert.Equal(code, (await Assert.ThrowsAsync<DomainException>(() => call)).Code);

    private Task<DomainCluster> StartAsync() => DomainCluster.StartAsync(new DomainClusterOptions { Storage = _storage, Clock = _clock });
}
