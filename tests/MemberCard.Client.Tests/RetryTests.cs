using System.Collections.Concurrent;
using System.Diagnostics;

namespace MemberCard.Client.Tests;

/// <summary>
/// Retries happen only where they are safe, keep the operation's one Idempotency-Key, and never charge twice, whether
/// the failed attempt reached the server or not.
/// </summary>
public sealed class RetryTests(ClientTestServer server) : IClassFixture<ClientTestServer>
{
    [Fact]
    public async Task TopUpAnswered503AfterTheServerChargedIsRetriedWithTheSameKeyAndChargesOnce()
    {
        using var setup = server.CreateMemberCardClient();
        var storeId = await setup.NewStoreAsync();
        var card = await setup.NewCardAsync(storeId);
        var faults = new FaultHandler(Fault.UnavailableAfterServer);
        using var client = server.CreateMemberCardClient(between: faults);

        var topUp = await client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(10000, storeId));

        var attempts = faults.Attempts;
        Assert.Equal(2, attempts.Count);
        Assert.Equal([201, 201], attempts.Select(a => a.ServerStatus));
        Assert.NotNull(attempts[0].IdempotencyKey);
        Assert.Equal(attempts[0].IdempotencyKey, attempts[1].IdempotencyKey);
        Assert.Equal(12000, topUp.Balance);
        Assert.Equal(12000, (await setup.Cards.GetAsync(card.CardNo)).Balance);
        Assert.Single(await setup.LedgerAsync(card.CardNo));
    }

    [Fact]
    public async Task TopUpAnswered503BeforeTheServerIsRetriedAndChargesOnce()
    {
        using var setup = server.CreateMemberCardClient();
        var storeId = await setup.NewStoreAsync();
        var card = await setup.NewCardAsync(storeId);
        var faults = new FaultHandler(Fault.UnavailableBeforeServer, retryAfter: TimeSpan.Zero);
        using var client = server.CreateMemberCardClient(between: faults);

        var topUp = await client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(10000, storeId));

        Assert.Equal([null, 201], faults.Attempts.Select(a => a.ServerStatus));
        Assert.Single(faults.Attempts.Select(a => a.IdempotencyKey).Distinct());
        Assert.Equal(12000, topUp.Balance);
        Assert.Single(await setup.LedgerAsync(card.CardNo));
    }

    [Fact]
    public async Task PurchaseWithoutAKeyIsRetriedAfterA503AndTheOrderNumberKeepsItToOneCharge()
    {
        using var setup = server.CreateMemberCardClient();
        var storeId = await setup.NewStoreAsync();
        var card = await setup.NewFundedCardAsync(storeId, 10000);
        var faults = new FaultHandler(Fault.UnavailableAfterServer);
        using var client = server.CreateMemberCardClient(between: faults);

        var paid = await client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("RT-1", storeId, 5000, 5000));

        Assert.Equal([201, 201], faults.Attempts.Select(a => a.ServerStatus));
        Assert.All(faults.Attempts, a => Assert.Null(a.IdempotencyKey));
        Assert.Equal(7000, paid.Balance);
        Assert.Equal(7000, (await setup.Cards.GetAsync(card.CardNo)).Balance);
        Assert.Equal(2, (await setup.LedgerAsync(card.CardNo)).Count);
    }

    [Fact]
    public async Task RefundWhoseConnectionBrokeAfterTheServerRefundedIsRetriedAndRefundsOnce()
    {
        using var setup = server.CreateMemberCardClient();
        var storeId = await setup.NewStoreAsync();
        var card = await setup.NewFundedCardAsync(storeId, 10000);
        await setup.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("RT-2", storeId, 5000, 5000));
        var faults = new FaultHandler(Fault.ConnectionLostAfterServer);
        using var client = server.CreateMemberCardClient(between: faults);

        var refund = await client.Cards.RefundAsync(card.CardNo, new RefundRequest("RT-2", storeId, 2000));

        Assert.Equal([201, 201], faults.Attempts.Select(a => a.ServerStatus));
        Assert.Single(faults.Attempts.Select(a => a.IdempotencyKey).Distinct());
        Assert.Equal(9000, refund.Balance);
        Assert.Equal(["refund", "purchase", "top_up"], (await setup.LedgerAsync(card.CardNo)).Select(t => t.Type));
    }

    [Fact]
    public async Task IssuingACardIsNotRetriedAfterA503BecauseTheFirstAttemptMayHaveIssuedOne()
    {
        using var setup = server.CreateMemberCardClient();
        var member = await setup.Members.RegisterAsync(new RegisterMemberRequest(ClientTestServer.NewPhone()));
        var faults = new FaultHandler(Fault.UnavailableAfterServer);
        using var client = server.CreateMemberCardClient(between: faults);

        var refusal = await Assert.ThrowsAsync<MemberCardApiException>(() => client.Members.IssueCardAsync(member.MemberId));

        Assert.Equal((MemberCardErrorCode.Unavailable, 503, "00-test-fault"), (refusal.Code, refusal.Status, refusal.TraceId));
        Assert.True(refusal.IsTransient);
        Assert.Single(faults.Attempts);
        Assert.Single(await setup.Members.ListCardsAsync(member.MemberId));
    }

    [Fact]
    public async Task IssuingACardIsRetriedWhenTheConnectionCouldNotBeOpened()
    {
        using var setup = server.CreateMemberCardClient();
        var member = await setup.Members.RegisterAsync(new RegisterMemberRequest(ClientTestServer.NewPhone()));
        var faults = new FaultHandler(Fault.ConnectionRefused);
        using var client = server.CreateMemberCardClient(between: faults);

        var card = await client.Members.IssueCardAsync(member.MemberId);

        Assert.Equal([null, 201], faults.Attempts.Select(a => a.ServerStatus));
        Assert.Equal([card.CardNo], (await setup.Members.ListCardsAsync(member.MemberId)).Select(c => c.CardNo));
    }

    [Fact]
    public async Task WhenRetriesRunOutTheRefusalNamesTheKeyAndSendingItAgainChargesOnce()
    {
        using var setup = server.CreateMemberCardClient();
        var storeId = await setup.NewStoreAsync();
        var card = await setup.NewCardAsync(storeId);
        var faults = new FaultHandler(Fault.UnavailableAfterServer, times: 100);
        var retries = new ConcurrentQueue<MemberCardRetry>();
        using var client = server.CreateMemberCardClient(o => (o.MaxRetryAttempts, o.OnRetry) = (2, retries.Enqueue), faults);

        var refusal = await Assert.ThrowsAsync<MemberCardApiException>(() => client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(10000, storeId)));
        var later = await setup.Cards.TopUpAsync(card.CardNo, new TopUpRequest(10000, storeId), refusal.IdempotencyKey);

        Assert.Equal(3, faults.Attempts.Count);
        Assert.Equal([1, 2], retries.Select(r => r.Retry));
        Assert.All(retries, r => Assert.Equal(503, r.Status));
        Assert.Equal([refusal.IdempotencyKey], faults.Attempts.Select(a => a.IdempotencyKey).Distinct());
        Assert.Equal(MemberCardErrorCode.Unavailable, refusal.Code);
        Assert.Equal(12000, later.Balance);
        Assert.Single(await setup.LedgerAsync(card.CardNo));
    }

    [Fact]
    public async Task NoRetriesMeansOneAttempt()
    {
        using var setup = server.CreateMemberCardClient();
        var storeId = await setup.NewStoreAsync();
        var card = await setup.NewCardAsync(storeId);
        var faults = new FaultHandler(Fault.UnavailableBeforeServer);
        using var client = server.CreateMemberCardClient(o => o.MaxRetryAttempts = 0, faults);

        var refusal = await Assert.ThrowsAsync<MemberCardApiException>(() => client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(1000, storeId)));

        Assert.Equal(MemberCardErrorCode.Unavailable, refusal.Code);
        Assert.Single(faults.Attempts);
        Assert.Empty(await setup.LedgerAsync(card.CardNo));
    }

    [Fact]
    public async Task RateLimitedRequestsWaitForRetryAfterAndAreRetriedEvenWhenTheyCreateSomething()
    {
        await using var limited = ClientTestServer.Start(OneRequestPerSecond);
        var retries = new ConcurrentQueue<MemberCardRetry>();
        using var client = limited.CreateMemberCardClient(o => o.OnRetry = retries.Enqueue);
        using var drainer = limited.CreateMemberCardClient(o => o.MaxRetryAttempts = 0);
        Store? store = null;
        var elapsed = TimeSpan.Zero;
        // The limiter's tokens come back on a timer; should one come back between the drain and the call, try again.
        for (var round = 0; round < 5 && retries.IsEmpty; round++)
        {
            await DrainAsync(drainer);
            var clock = Stopwatch.StartNew();
            store = await client.Stores.CreateAsync(new CreateStoreRequest(ClientTestServer.NewStoreId(), "Rate limited"));
            elapsed = clock.Elapsed;
        }

        Assert.NotEmpty(retries);
        Assert.All(retries, retry =>
        {
            Assert.Equal(429, retry.Status);
            Assert.True(retry.Delay >= TimeSpan.FromSeconds(1), $"waited {retry.Delay}");
        });
        Assert.True(elapsed >= TimeSpan.FromSeconds(0.9), $"answered after {elapsed}");
        Assert.Equal("Rate limited", store?.Name);
    }

    [Fact]
    public async Task ARetryAfterLongerThanTheClientWaitsEndsInTheRateLimitedRefusal()
    {
        await using var limited = ClientTestServer.Start(OneRequestPerSecond);
        var retries = new ConcurrentQueue<MemberCardRetry>();
        using var client = limited.CreateMemberCardClient(o => (o.MaxRetryAfter, o.OnRetry) = (TimeSpan.FromMilliseconds(100), retries.Enqueue));

        var refusal = await DrainAsync(client);

        Assert.Equal((MemberCardErrorCode.RateLimited, "rate_limited", 429), (refusal.Code, refusal.CodeText, refusal.Status));
        Assert.False(string.IsNullOrEmpty(refusal.TraceId));
        Assert.True(refusal.IsTransient);
        Assert.Empty(retries);
    }

    private static readonly Dictionary<string, string?> OneRequestPerSecond = new()
    {
        ["RateLimiting:TokensPerSecond"] = "1",
        ["RateLimiting:Burst"] = "1",
    };

    // Reads unknown stores until the rate limiter refuses one; returns that refusal.
    private static async Task<MemberCardApiException> DrainAsync(MemberCardClient client)
    {
        for (var i = 0; i < 20; i++)
        {
            var refusal = await Assert.ThrowsAsync<MemberCardApiException>(() => client.Stores.GetAsync(ClientTestServer.NewStoreId()));
            if (refusal.Code == MemberCardErrorCode.RateLimited) return refusal;
            Assert.Equal(MemberCardErrorCode.StoreNotFound, refusal.Code);
        }
        throw new Xunit.Sdk.XunitException("20 requests in a row were not rate limited at 1 request per second");
    }
}
