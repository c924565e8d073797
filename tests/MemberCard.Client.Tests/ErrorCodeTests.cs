using System.Net.Http.Json;
using System.Text.Json;

namespace MemberCard.Client.Tests;

/// <summary>Each refusal the client maps, provoked on the real server: the exception carries the code, status, trace id and field errors.</summary>
public sealed class ErrorCodeTests(ClientTestServer server) : IClassFixture<ClientTestServer>
{
    private const string UnknownCard = "1234567812345678";

    // Provoked in CouponClientTests (they need a campaign) and RetryTests (they need a rate limit or a fault).
    private static readonly string[] CodesTestedElsewhere = ["coupon_already_redeemed", "coupon_not_applicable", "rate_limited", "unavailable"];

    private static readonly Dictionary<string, Func<MemberCardClient, ClientTestServer, Task>> Provocations = new()
    {
        ["validation_failed"] = async (client, _) =>
        {
            var storeId = await client.NewStoreAsync();
            var card = await client.NewCardAsync(storeId);
            await client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(0, storeId));
        },
        ["unauthorized"] = async (_, server) =>
        {
            using var stranger = server.CreateMemberCardClient(apiKey: "not-a-key-of-this-server");
            await stranger.Stores.GetAsync("S001");
        },
        ["forbidden"] = async (client, server) =>
        {
            var storeId = await client.NewStoreAsync();
            using var till = server.CreateMemberCardClient(apiKey: await TerminalKeyAsync(server, storeId));
            await till.Stores.CreateAsync(new CreateStoreRequest(ClientTestServer.NewStoreId(), "Not a till's business"));
        },
        ["store_not_found"] = (client, _) => client.Stores.GetAsync(ClientTestServer.NewStoreId()),
        ["member_not_found"] = (client, _) => client.Members.GetAsync(Guid.NewGuid().ToString("N")),
        ["card_not_found"] = (client, _) => client.Cards.GetAsync(UnknownCard),
        ["order_not_found"] = async (client, _) =>
        {
            var storeId = await client.NewStoreAsync();
            var card = await client.NewFundedCardAsync(storeId, 1000);
            await client.Cards.RefundAsync(card.CardNo, new RefundRequest("NO-SUCH-ORDER", storeId));
        },
        ["coupon_not_found"] = async (client, _) =>
        {
            var storeId = await client.NewStoreAsync();
            var card = await client.NewCardAsync(storeId);
            await client.Coupons.QuoteAsync(card.CardNo, new QuoteRequest(storeId, 5000, CouponCode: "NOSUCHCOUPON"));
        },
        ["store_exists"] = async (client, _) =>
        {
            var storeId = await client.NewStoreAsync();
            await client.Stores.CreateAsync(new CreateStoreRequest(storeId, "Again"));
        },
        ["member_exists"] = async (client, _) =>
        {
            var phone = ClientTestServer.NewPhone();
            await client.Members.RegisterAsync(new RegisterMemberRequest(phone));
            await client.Members.RegisterAsync(new RegisterMemberRequest(phone));
        },
        ["id_number_taken"] = async (client, _) =>
        {
            var idNumber = ClientTestServer.NewIdNumber();
            await client.Members.RegisterAsync(new RegisterMemberRequest(ClientTestServer.NewPhone(), IdNumber: idNumber));
            await client.Members.RegisterAsync(new RegisterMemberRequest(ClientTestServer.NewPhone(), IdNumber: idNumber));
        },
        ["duplicate_order"] = async (client, _) =>
        {
            var storeId = await client.NewStoreAsync();
            var card = await client.NewFundedCardAsync(storeId, 10000);
            await client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("D-1", storeId, 1000, 1000));
            await client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("D-1", storeId, 2000, 2000));
        },
        ["insufficient_balance"] = async (client, _) =>
        {
            var storeId = await client.NewStoreAsync();
            var card = await client.NewFundedCardAsync(storeId, 1000);
            await client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("B-1", storeId, 5000, 5000));
        },
        ["insufficient_points"] = async (client, _) =>
        {
            var storeId = await client.NewStoreAsync();
            var card = await client.NewFundedCardAsync(storeId, 1000);
            await client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("P-1", storeId, 5000, 0, PointsToRedeem: 100));
        },
        ["card_frozen"] = async (client, _) =>
        {
            var storeId = await client.NewStoreAsync();
            var card = await client.NewFundedCardAsync(storeId, 1000);
            await client.Cards.FreezeAsync(card.CardNo);
            await client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("F-1", storeId, 500, 500));
        },
        ["balance_cap_exceeded"] = async (client, _) =>
        {
            var storeId = await client.NewStoreAsync();
            var card = await client.NewCardAsync(storeId);
            await client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(100_000_000, storeId));
        },
        ["refund_exceeds_purchase"] = async (client, _) =>
        {
            var storeId = await client.NewStoreAsync();
            var card = await client.NewFundedCardAsync(storeId, 10000);
            await client.Cards.PurchaseAsync(card.CardNo, new PurchaseRequest("X-1", storeId, 1000, 1000));
            await client.Cards.RefundAsync(card.CardNo, new RefundRequest("X-1", storeId, 2000));
        },
        ["idempotency_key_reused"] = async (client, _) =>
        {
            var storeId = await client.NewStoreAsync();
            var card = await client.NewCardAsync(storeId);
            var key = IdempotencyKeys.New();
            await client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(1000, storeId), key);
            await client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(2000, storeId), key);
        },
    };

    public static TheoryData<string> Codes => [.. Provocations.Keys];

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task RefusalBecomesAnExceptionWithItsCodeStatusAndTraceId(string code)
    {
        using var client = server.CreateMemberCardClient();

        var refusal = await Assert.ThrowsAsync<MemberCardApiException>(() => Provocations[code](client, server));

        Assert.Equal(code, refusal.CodeText);
        Assert.Equal(ExpectedEnum(code), refusal.Code);
        Assert.Equal(ExpectedStatus(code), refusal.Status);
        Assert.False(string.IsNullOrEmpty(refusal.TraceId));
        Assert.False(string.IsNullOrEmpty(refusal.Detail));
        Assert.Contains(code, refusal.Message);
    }

    [Fact]
    public async Task AValidationRefusalCarriesTheFieldErrors()
    {
        using var client = server.CreateMemberCardClient();
        var storeId = await client.NewStoreAsync();
        var card = await client.NewCardAsync(storeId);

        var refusal = await Assert.ThrowsAsync<MemberCardApiException>(() => client.Cards.TopUpAsync(card.CardNo, new TopUpRequest(0, "")));

        Assert.Equal(MemberCardErrorCode.ValidationFailed, refusal.Code);
        Assert.NotEmpty(refusal.Errors["amount"]);
        Assert.NotEmpty(refusal.Errors["storeId"]);
        Assert.NotNull(refusal.IdempotencyKey);
        Assert.False(refusal.IsTransient);
    }

    [Fact]
    public void EveryCodeTheClientMapsIsProvokedByATest()
    {
        var tested = Provocations.Keys.Concat(CodesTestedElsewhere).Order().ToList();

        Assert.Equal(ErrorCodeNames.All.Order(), tested);
        Assert.Equal(Enum.GetValues<MemberCardErrorCode>().Length - 1, ErrorCodeNames.All.Count);
    }

    [Fact]
    public async Task AnAnswerThatIsNoProblemStillGivesItsStatus()
    {
        using var client = server.CreateMemberCardClient(between: new HtmlGateway());

        var refusal = await Assert.ThrowsAsync<MemberCardApiException>(() => client.Cards.GetAsync(UnknownCard));

        Assert.Equal((502, MemberCardErrorCode.Other, ""), (refusal.Status, refusal.Code, refusal.CodeText));
    }

    // The enum member named like the code: card_not_found → CardNotFound.
    private static MemberCardErrorCode ExpectedEnum(string code) =>
        Enum.Parse<MemberCardErrorCode>(string.Concat(code.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..])));

    private static int ExpectedStatus(string code) => code switch
    {
        "validation_failed" => 400,
        "unauthorized" => 401,
        "forbidden" => 403,
        _ when code.EndsWith("_not_found", StringComparison.Ordinal) => 404,
        "idempotency_key_reused" => 422,
        _ => 409,
    };

    private static async Task<string> TerminalKeyAsync(ClientTestServer server, string storeId)
    {
        using var http = server.CreateAdminHttpClient();
        var response = await http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId, name = "Till 1" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("apiKey").GetString()!;
    }

    // A gateway in front of the server that answers with an HTML page of its own.
    private sealed class HtmlGateway : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.BadGateway)
            {
                RequestMessage = request,
                Content = new StringContent("<html><body>Bad gateway</body></html>", System.Text.Encoding.UTF8, "text/html"),
            });
    }
}
