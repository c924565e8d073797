using MemberCard.Cli.Load;

namespace MemberCard.Cli.Tests;

/// <summary>Hot cards, bursts and ping driven against an in-memory server, and the ledger check afterwards.</summary>
public sealed class FakeServerRunTests
{
    [Fact]
    public async Task HotCardTillsWriteOnlyToTheHotCardsAndTheyAreVerified()
    {
        var server = new FakeCardServer(cards: 20, FakeRun.SeededBalance);
        var options = FakeRun.Options("topup=1,purchase=1,ping=1", cards: 20) with { HotCards = 2, Clients = 10, Requests = 300 };
        var api = FakeRun.Api(server, options);
        var cards = FakeRun.Cards(20);

        var round = await new RoundRunner(api, cards, options.Mix, options, "run", 1).RunAsync(1, CancellationToken.None);
        var verification = await new LedgerVerifier(api, options).VerifyAsync(cards, CancellationToken.None);

        var writes = server.WritesPerCard();
        var written = round.PerOperation[(int)Operation.TopUp].Count + round.PerOperation[(int)Operation.Purchase].Count;
        Assert.Equal(300, round.Requests);
        Assert.Equal(written, writes[FakeCardServer.CardNo(0)] + writes[FakeCardServer.CardNo(1)]);
        Assert.All(Enumerable.Range(2, 18), i => Assert.Equal(0, writes[FakeCardServer.CardNo(i)]));
        Assert.Equal(server.Pings, round.PerOperation[(int)Operation.Ping].Count);
        Assert.Equal(0, round.Failures);
        Assert.True(verification.Passed, string.Join("; ", verification.Problems));
        Assert.Equal((2, 2), (verification.CardsChecked, verification.AcknowledgedBalancesChecked));
    }

    [Fact]
    public async Task AnAcknowledgedTopUpTheServerLostOnAHotCardFailsTheVerification()
    {
        var server = new FakeCardServer(cards: 5, FakeRun.SeededBalance) { LoseEveryNthTopUp = 7 };
        var options = FakeRun.Options("topup=1,purchase=1", cards: 5) with { HotCards = 1, Clients = 10, Requests = 200 };
        var api = FakeRun.Api(server, options);
        var cards = FakeRun.Cards(5);

        await new RoundRunner(api, cards, options.Mix, options, "run", 1).RunAsync(1, CancellationToken.None);
        var verification = await new LedgerVerifier(api, options).VerifyAsync(cards, CancellationToken.None);

        Assert.False(verification.Passed);
        Assert.Equal(1, verification.CardsChecked);
        var problem = Assert.Single(verification.Problems);
        Assert.Contains("the acknowledged answers add up to", problem);
    }

    [Fact]
    public async Task ABurstSendsOneRequestToEachOfTheFirstCardsAndCountsTheAcknowledgements()
    {
        var server = new FakeCardServer(cards: 30, FakeRun.SeededBalance);
        var options = FakeRun.Options("topup=1", cards: 30) with { Burst = 25, BurstDeadline = TimeSpan.FromMinutes(10) };
        var api = FakeRun.Api(server, options);
        var cards = FakeRun.Cards(30);

        var round = await new BurstRunner(api, cards, options.Mix, options, "run", 1).RunAsync(1, CancellationToken.None);
        var verification = await new LedgerVerifier(api, options).VerifyAsync(cards, CancellationToken.None);

        var writes = server.WritesPerCard();
        Assert.All(Enumerable.Range(0, 25), i => Assert.Equal(1, writes[FakeCardServer.CardNo(i)]));
        Assert.All(Enumerable.Range(25, 5), i => Assert.Equal(0, writes[FakeCardServer.CardNo(i)]));
        var burst = Assert.IsType<BurstResult>(round.Burst);
        Assert.Equal((25, 25, 25, 0, 0), (burst.Requests, burst.Acknowledged, burst.AcknowledgedInTime, burst.Refused, burst.Failures));
        Assert.Equal(25, round.PerOperation[(int)Operation.TopUp].Count);
        // The connections were opened by one GET /health/live each, before the burst and not counted in it.
        Assert.Equal((25L, 25), (round.WarmupRequests, server.Pings));
        Assert.True(verification.Passed, string.Join("; ", verification.Problems));
        Assert.Equal((25, 25), (verification.CardsChecked, verification.AcknowledgedBalancesChecked));
    }

    [Fact]
    public async Task PingOnAServerWithoutHealthLiveIsA404NotAFailure()
    {
        var server = new FakeCardServer(cards: 1, FakeRun.SeededBalance) { HasHealthLive = false };
        var options = FakeRun.Options("ping=1", cards: 1);
        using var deadline = new RequestDeadline(options.RequestTimeout, CancellationToken.None);

        var result = await FakeRun.Api(server, options).PingAsync(deadline);

        Assert.Equal(404, result.Status);
        Assert.False(result.IsFailure);
    }
}
