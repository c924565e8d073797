using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Client.Tests;

/// <summary>The two ways to make a client: dependency injection, and a plain constructor with its own sockets.</summary>
public sealed class ClientConstructionTests(ClientTestServer server) : IClassFixture<ClientTestServer>
{
    [Fact]
    public async Task AddMemberCardClientRegistersAClientWhoseRetriesKeepTheKey()
    {
        var faults = new FaultHandler(Fault.UnavailableAfterServer);
        var services = new ServiceCollection();
        services.AddMemberCardClient(o =>
            {
                o.BaseAddress = server.Address;
                o.ApiKey = ClientTestServer.AdminKey;
                o.RetryDelay = TimeSpan.FromMilliseconds(10);
            })
            .ConfigurePrimaryHttpMessageHandler(() => server.Server.CreateHandler())
            .AddHttpMessageHandler(() => faults);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<MemberCardClient>();

        using var setup = server.CreateMemberCardClient();
        var storeId = await setup.NewStoreAsync();
        var card = await setup.NewCardAsync(storeId);

        var topUp = await client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(10000, storeId));
        var store = await client.Stores.GetAsync(storeId);

        Assert.Equal(12000, topUp.Balance);
        Assert.Single(await setup.LedgerAsync(card.CardNo));
        Assert.Equal(storeId, store.StoreId);
        Assert.Equal([201, 201, 200], faults.Attempts.Select(a => a.ServerStatus));
        Assert.Single(faults.Attempts.Take(2).Select(a => a.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task APlainClientTalksToTheServerOverItsOwnSockets()
    {
        await using var kestrel = ClientTestServer.StartOnKestrel();
        using var client = new MemberCardClient(new MemberCardClientOptions { BaseAddress = kestrel.Address, ApiKey = ClientTestServer.AdminKey });

        var storeId = await client.NewStoreAsync();
        var card = await client.NewFundedCardAsync(storeId, 10000);
        var paid = await client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("K-1", storeId, 5000, 5000));
        var refunded = await client.Cards.RefundAsync(card.CardNo, new RefundRequest("K-1", storeId));

        Assert.Equal((7000L, 12000L), (paid.Balance, refunded.Balance));
    }

    [Fact]
    public async Task ARefusedConnectionIsRetriedThenSurfacesAsTheTransportError()
    {
        var retries = new List<MemberCardRetry>();
        using var client = new MemberCardClient(new MemberCardClientOptions
        {
            BaseAddress = new Uri($"http://127.0.0.1:{ClosedPort()}/"),
            ApiKey = "any",
            MaxRetryAttempts = 2,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            OnRetry = retries.Add,
        });

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.Members.IssueCardAsync("0190aaaaaaaaaaaaaaaaaaaaaaaaaaaa"));

        Assert.Equal(HttpRequestError.ConnectionError, failure.HttpRequestError);
        Assert.Equal(2, retries.Count);
        Assert.All(retries, r => Assert.IsType<HttpRequestException>(r.Exception));
    }

    [Fact]
    public void OptionsWithoutAnAddressOrAKeyAreRefused()
    {
        Assert.Throws<InvalidOperationException>(() => new MemberCardClient(new MemberCardClientOptions { ApiKey = "k" }));
        Assert.Throws<InvalidOperationException>(() => new MemberCardClient(new MemberCardClientOptions { BaseAddress = new Uri("http://localhost:5080") }));
    }

    [Fact]
    public async Task ABaseAddressWithAPathKeepsIt()
    {
        var seen = new FaultHandler(Fault.UnavailableBeforeServer, times: 0);
        using var client = server.CreateMemberCardClient(o => o.BaseAddress = new Uri(server.Address, "pos"), seen);

        await Assert.ThrowsAsync<MemberCardApiException>(() => client.Cards.GetAsync("1234567812345678"));

        Assert.Equal("/pos/api/v1/cards/1234567812345678", seen.Attempts.Single().Path);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
