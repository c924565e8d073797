using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>
/// Whatever a broken till sends: the answer is a 4xx problem, never a 5xx, and the card is exactly as before.
/// </summary>
public abstract class BadInputApiTests : ApiTests
{
    private const string Store = "S001";

    [StorageFact]
    public async Task UnreadableBodiesAreValidationFailedAndChangeNothing()
    {
        await using var app = await StartAsync();
        var (pos, cardNo) = await ArrangeCardAsync(app);
        var before = await pos.SnapshotAsync(cardNo);
        var bodies = new[]
        {
            "{", "{\"amount\":", "not json", "{\"amount\":100,\"storeId\":\"S001\"", "{'amount':100}", "", "   ", "null", "[]",
            "[{\"amount\":100,\"storeId\":\"S001\"}]", "\"text\"", "42", "{\"amount\":100,\"storeId\":\"S001\"}}",
            "{\"amount\":100,\"storeId\":\"S001\",\"deep\":" + new string('[', 500) + new string(']', 500) + "}",
        };

        foreach (var path in MoneyPaths(cardNo))
        foreach (var body in bodies)
            await ProblemAssert.ValidationAsync(await pos.PostRawAsync(path, body, idempotencyKey: PosClient.NewKey()));

        // Bytes that are not UTF-8 at all.
        var notUtf8 = new ByteArrayContent([(byte)'{', 0xFF, 0xFE, (byte)'}']);
        notUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await ProblemAssert.ValidationAsync(await pos.SendAsync($"/api/v1/cards/{cardNo}/top-ups", notUtf8, PosClient.NewKey()));

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
    }

    [StorageFact]
    public async Task WrongJsonTypesAreValidationFailedAndChangeNothing()
    {
        await using var app = await StartAsync();
        var (pos, cardNo) = await ArrangeCardAsync(app);
        var before = await pos.SnapshotAsync(cardNo);
        var topUps = new[]
        {
            """{"amount":1.5,"storeId":"S001"}""",
            """{"amount":true,"storeId":"S001"}""",
            """{"amount":[100],"storeId":"S001"}""",
            """{"amount":{"value":100},"storeId":"S001"}""",
            """{"amount":1e30,"storeId":"S001"}""",
            """{"amount":1e3,"storeId":"S001"}""",
            """{"amount":9223372036854775808,"storeId":"S001"}""",
            """{"amount":-9223372036854775809,"storeId":"S001"}""",
            """{"amount":100,"storeId":1}""",
            """{"amount":100,"storeId":["S001"]}""",
            """{"amount":NaN,"storeId":"S001"}""",
        };
        var purchases = new[]
        {
            """{"orderNo":1001,"storeId":"S001","amount":100,"balanceAmount":100}""",
            """{"orderNo":"X-1","storeId":"S001","amount":100,"balanceAmount":100.5}""",
            """{"orderNo":"X-1","storeId":"S001","amount":100,"balanceAmount":100,"pointsToRedeem":"all"}""",
            """{"orderNo":"X-1","storeId":"S001","amount":100,"balanceAmount":100,"couponCode":7}""",
        };

        foreach (var body in topUps)
            await ProblemAssert.ValidationAsync(await pos.PostRawAsync($"/api/v1/cards/{cardNo}/top-ups", body, idempotencyKey: PosClient.NewKey()));
        foreach (var body in purchases)
            await ProblemAssert.ValidationAsync(await pos.PostRawAsync($"/api/v1/cards/{cardNo}/purchases", body));

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
    }

    [StorageFact]
    public async Task MoneyWrittenAsAStringIsValidationFailed()
    {
        await using var app = await StartAsync();
        var (pos, cardNo) = await ArrangeCardAsync(app);
        var before = await pos.SnapshotAsync(cardNo);

        // The contract makes money a JSON number; "100" is a string.
        await ProblemAssert.ValidationAsync(
            await pos.PostRawAsync($"/api/v1/cards/{cardNo}/top-ups", """{"amount":"100","storeId":"S001"}""", idempotencyKey: PosClient.NewKey()));
        await ProblemAssert.ValidationAsync(await pos.PostRawAsync($"/api/v1/cards/{cardNo}/purchases",
            """{"orderNo":"S-1","storeId":"S001","amount":"100","balanceAmount":"100"}"""));

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
    }

    [StorageFact]
    public async Task UnreadableBodyProblemCarriesErrorsLikeEveryValidationFailure()
    {
        await using var app = await StartAsync();
        var (pos, cardNo) = await ArrangeCardAsync(app);

        // The contract: validation errors also carry `errors` (field → messages).
        var problem = await ProblemAssert.ValidationAsync(
            await pos.PostRawAsync($"/api/v1/cards/{cardNo}/top-ups", """{"amount":1.5,"storeId":"S001"}""", idempotencyKey: PosClient.NewKey()));

        Assert.True(problem.TryGetProperty("errors", out var errors), $"No errors in {problem}");
        Assert.NotEmpty(errors.EnumerateObject());
    }

    [StorageFact]
    public async Task BodyOverTheSizeLimitIsRequestTooLargeAndChangesNothing()
    {
        await using var app = await StartAsync();
        var (pos, cardNo) = await ArrangeCardAsync(app);
        var before = await pos.SnapshotAsync(cardNo);
        var twoMegabytes = $$"""{"amount":100,"storeId":"S001","padding":"{{new string('x', 2 * 1024 * 1024)}}"}""";

        foreach (var path in MoneyPaths(cardNo).Append("/api/v1/stores").Append("/api/v1/members"))
            await ProblemAssert.IsAsync(await pos.PostRawAsync(path, twoMegabytes, idempotencyKey: PosClient.NewKey()), HttpStatusCode.RequestEntityTooLarge, "request_too_large");

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
        // Just under the limit is read (and then judged on its fields).
        var justUnder = $$"""{"amount":100,"storeId":"S001","padding":"{{new string('x', 1024 * 1024 - 100)}}"}""";
        await PosClient.ExpectAsync(
            await pos.PostRawAsync($"/api/v1/cards/{cardNo}/top-ups", justUnder, idempotencyKey: PosClient.NewKey()), HttpStatusCode.Created);
    }

    [StorageFact]
    public async Task BodyThatIsNotJsonContentIsUnsupportedMediaTypeAndChangesNothing()
    {
        await using var app = await StartAsync();
        var (pos, cardNo) = await ArrangeCardAsync(app);
        var before = await pos.SnapshotAsync(cardNo);
        const string body = """{"amount":100,"storeId":"S001","orderNo":"T-1","balanceAmount":100}""";

        foreach (var path in MoneyPaths(cardNo))
        {
            foreach (var mediaType in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded" })
                await ProblemAssert.IsAsync(
                    await pos.PostRawAsync(path, body, mediaType, PosClient.NewKey()), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
            var withoutType = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            await ProblemAssert.IsAsync(await pos.SendAsync(path, withoutType, PosClient.NewKey()), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        }

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
        var json = new StringContent(body, new MediaTypeHeaderValue("application/json"));
        await PosClient.ExpectAsync(await pos.SendAsync($"/api/v1/cards/{cardNo}/top-ups", json, PosClient.NewKey()), HttpStatusCode.Created);
    }

    [StorageFact]
    public async Task UnknownRouteIsNotFoundAndWrongMethodIsMethodNotAllowed()
    {
        await using var app = await StartAsync();
        var (pos, cardNo) = await ArrangeCardAsync(app);

        await ProblemAssert.IsAsync(await pos.Http.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsAsync(await pos.Http.GetAsync($"/api/v1/cards/{cardNo}/nothing-here"), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsAsync(await pos.Http.GetAsync($"/api/v1/cards/{cardNo}/top-ups"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await ProblemAssert.IsAsync(await pos.Http.DeleteAsync($"/api/v1/cards/{cardNo}"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await ProblemAssert.IsAsync(await pos.Http.PutAsync("/api/v1/stores/S001", null), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [StorageFact]
    public async Task ExtremeAmountsAreRefusedWithoutAServerError()
    {
        await using var app = await StartAsync();
        var (pos, cardNo) = await ArrangeCardAsync(app);
        var before = await pos.SnapshotAsync(cardNo);

        // Every one of these is refused; none may be a 5xx or move money.
        var topUpAmounts = new[] { long.MaxValue, long.MinValue, 100_000_001L, 0L, -1L };
        foreach (var amount in topUpAmounts)
            await ProblemAssert.IsClientErrorAsync(await pos.PostTopUpAsync(cardNo, new { amount, storeId = Store }, PosClient.NewKey()));
        var purchases = new object[]
        {
            PosClient.Purchase("E-1", Store, long.MaxValue, long.MaxValue),
            PosClient.Purchase("E-2", Store, 10_000_000_000, 10_000_000_000),
            PosClient.Purchase("E-3", Store, 10_000_000_000, 0, long.MaxValue),
            PosClient.Purchase("E-4", Store, 1, 0, long.MaxValue),
            PosClient.Purchase("E-5", Store, 100, long.MinValue),
        };
        foreach (var purchase in purchases)
            await ProblemAssert.IsClientErrorAsync(await pos.PostPurchaseAsync(cardNo, purchase));
        foreach (var amount in new[] { long.MaxValue, long.MinValue, 0L })
            await ProblemAssert.IsClientErrorAsync(await pos.PostRefundAsync(cardNo, PosClient.Refund("P-0", Store, amount), PosClient.NewKey()));

        Assert.Equal(before, await pos.SnapshotAsync(cardNo));
    }

    private static async Task<(PosClient Pos, string CardNo)> ArrangeCardAsync(MemberCardApplication app)
    {
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync(Store);
        var cardNo = await pos.NewCardAsync(Store);
        await pos.TopUpAsync(cardNo, 5000, Store);
        await pos.PurchaseAsync(cardNo, "P-0", Store, 1000, 1000);
        return (pos, cardNo);
    }

    private static IEnumerable<string> MoneyPaths(string cardNo) =>
        [$"/api/v1/cards/{cardNo}/top-ups", $"/api/v1/cards/{cardNo}/purchases", $"/api/v1/cards/{cardNo}/refunds"];
}

public sealed class SqliteBadInputApiTests : BadInputApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}
