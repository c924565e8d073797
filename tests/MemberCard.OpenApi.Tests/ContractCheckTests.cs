using System.Text;
using MemberCard.Api.Tests.Contract;

namespace MemberCard.OpenApi.Tests;

/// <summary>The contract check the API tests run on every exchange finds what the document does not promise.</summary>
public sealed class ContractCheckTests(Document document) : IClassFixture<Document>
{
    private const string Card = """
        {"cardNo":"6214000000000001","memberId":"0190aaaabbbbccccddddeeeeffff0000","status":"active","balance":0,"points":0,"tier":"standard",
         "createdAt":"2026-12-01T00:00:00Z","principal":0,"bonusBalance":0,"productId":"standard","replacedBy":null,"replacedFrom":null,"pointLots":[]}
        """;

    private const string TopUpBody = """{"amount":10000,"storeId":"S001"}""";

    private const string TopUpAnswer = """
        {"transactionId":"t1","type":"top_up","amount":10000,"bonus":2000,"balance":12000,"points":0,"createdAt":"2026-12-01T00:00:00Z",
         "principal":10000,"bonusBalance":2000,"rulesVersion":1}
        """;

    [Fact]
    public void AnAnswerTheDocumentDescribesPasses() =>
        Assert.Empty(Check(Get("/api/v1/cards/6214000000000001", 200, Card)));

    [Fact]
    public void AFieldTheDocumentLacksFails() =>
        Assert.Contains(Check(Get("/api/v1/cards/6214000000000001", 200, Card.Replace("\"tier\"", "\"nickname\":\"x\",\"tier\"", StringComparison.Ordinal))),
            p => p.Contains("nickname", StringComparison.Ordinal));

    [Fact]
    public void AMissingRequiredFieldFails() =>
        Assert.Contains(Check(Get("/api/v1/cards/6214000000000001", 200, Card.Replace("\"balance\":0,", "", StringComparison.Ordinal))),
            p => p.Contains("balance", StringComparison.Ordinal));

    [Fact]
    public void AValueOutsideTheEnumFails() =>
        Assert.NotEmpty(Check(Get("/api/v1/cards/6214000000000001", 200, Card.Replace("\"active\"", "\"lost\"", StringComparison.Ordinal))));

    [Fact]
    public void AStatusTheOperationDoesNotListFails() =>
        Assert.Contains(Check(Get("/api/v1/cards/6214000000000001", 418, "")), p => p.Contains("418", StringComparison.Ordinal));

    [Fact]
    public void AProblemCodeTheResponseDoesNotListFails() =>
        Assert.Contains(Check(Get("/api/v1/cards/6214000000000001", 404, Problem(404, "store_not_found"), "application/problem+json")),
            p => p.Contains("store_not_found", StringComparison.Ordinal));

    [Fact]
    public void AListedProblemCodePasses() =>
        Assert.Empty(Check(Get("/api/v1/cards/6214000000000001", 404, Problem(404, "card_not_found"), "application/problem+json")));

    [Fact]
    public void RateLimitWithoutRetryAfterFails() =>
        Assert.Contains(Check(Get("/api/v1/cards/6214000000000001", 429, Problem(429, "rate_limited"), "application/problem+json")),
            p => p.Contains("Retry-After", StringComparison.Ordinal));

    [Fact]
    public void AnAcceptedTopUpWithItsKeyPasses() =>
        Assert.Empty(Check(TopUp(new Dictionary<string, string> { ["Idempotency-Key"] = "k-1" }, TopUpBody)));

    [Fact]
    public void AnAcceptedTopUpWithoutTheRequiredKeyFails() =>
        Assert.Contains(Check(TopUp(new Dictionary<string, string>(), TopUpBody)), p => p.Contains("Idempotency-Key", StringComparison.Ordinal));

    [Fact]
    public void AnAcceptedRequestBodyOutsideTheSchemaFails() =>
        Assert.NotEmpty(Check(TopUp(new Dictionary<string, string> { ["Idempotency-Key"] = "k-1" }, """{"amount":0,"storeId":"S001"}""")));

    [Fact]
    public void ARequestRefusedByABusinessRuleIsCheckedLikeAnAcceptedOne() =>
        Assert.Contains(Check(TopUp(new Dictionary<string, string>(), TopUpBody) with
        {
            Status = 409,
            ResponseContentType = "application/problem+json",
            ResponseBody = Encoding.UTF8.GetBytes(Problem(409, "balance_cap_exceeded")),
        }), p => p.Contains("Idempotency-Key", StringComparison.Ordinal));

    [Fact]
    public void ARequestRefusedAsInvalidIsNotHeldToTheRequestSchema() =>
        Assert.Empty(Check(TopUp(new Dictionary<string, string>(), """{"amount":0}""") with
        {
            Status = 400,
            ResponseContentType = "application/problem+json",
            ResponseBody = Encoding.UTF8.GetBytes(Problem(400, "validation_failed")),
        }));

    [Fact]
    public void AnAcceptedQueryValueOutsideItsLimitsFails() =>
        Assert.NotEmpty(Check(Get("/api/v1/cards/6214000000000001/transactions", 200, """{"items":[],"nextCursor":null}""",
            query: new Dictionary<string, string> { ["limit"] = "500" })));

    [Fact]
    public void ASuccessOnARouteTheDocumentLacksFails() =>
        Assert.NotEmpty(Check(Get("/api/v1/cards/6214000000000001/secrets", 200, "{}")));

    private IReadOnlyList<string> Check(Exchange exchange) => new OpenApiContract(document.Json).Check(exchange);

    private static Exchange Get(string path, int status, string body, string contentType = "application/json; charset=utf-8",
        Dictionary<string, string>? query = null) =>
        new("GET", path, query ?? [], new Dictionary<string, string>(), null, [], status, new Dictionary<string, string>(),
            body.Length == 0 ? null : contentType, Encoding.UTF8.GetBytes(body));

    private static Exchange TopUp(Dictionary<string, string> headers, string body) =>
        new("POST", "/api/v1/cards/6214000000000001/top-ups", new Dictionary<string, string>(), headers, "application/json", Encoding.UTF8.GetBytes(body),
            201, new Dictionary<string, string>(), "application/json; charset=utf-8", Encoding.UTF8.GetBytes(TopUpAnswer));

    private static string Problem(int status, string code) =>
        $$"""{"type":"about:blank","title":"t","status":{{status}},"detail":"d","code":"{{code}}","traceId":"00-1"}""";
}
