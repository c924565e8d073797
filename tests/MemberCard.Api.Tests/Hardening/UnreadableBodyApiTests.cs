using System.Text.Json;

namespace MemberCard.Api.Tests.Hardening;

/// <summary>Malformed or mistyped JSON: a problem with a stable code, the field and its JSON path, and no .NET type or namespace name.</summary>
public sealed class UnreadableBodyApiTests
{
    [Theory]
    [InlineData("/top-ups", """{"amount":"100","storeId":"S001"}""", "amount", "$.amount")]
    [InlineData("/top-ups", """{"amount":1.5,"storeId":"S001"}""", "amount", "$.amount")]
    [InlineData("/top-ups", """{"amount":9223372036854775808,"storeId":"S001"}""", "amount", "$.amount")]
    [InlineData("/top-ups", """{"amount":100,"storeId":7}""", "storeId", "$.storeId")]
    [InlineData("/top-ups", "{\"amount\":100,\"storeId\":\"S001\"", "body", "$")]
    [InlineData("/top-ups", """{"amount":tru}""", "amount", "$.amount")]
    [InlineData("/top-ups", "[1,2]", "body", "$")]
    [InlineData("/top-ups", "42", "body", "$")]
    [InlineData("/top-ups", "{", "body", "$")]
    [InlineData("/purchases", """{"orderNo":"A-1","storeId":"S001","amount":100,"balanceAmount":100,"pointsToRedeem":"all"}""", "pointsToRedeem", "$.pointsToRedeem")]
    [InlineData("/purchases", """{"orderNo":{"no":1},"storeId":"S001","amount":100,"balanceAmount":100}""", "orderNo", "$.orderNo")]
    public async Task AnUnreadableBodyNamesTheFieldAndItsJsonPathButNoDotNetType(string operation, string body, string field, string path)
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");

        var response = await pos.PostRawAsync($"/api/v1/cards/{cardNo}{operation}", body, idempotencyKey: PosClient.NewKey());

        var problem = await ProblemAssert.ValidationAsync(response, field);
        var text = problem.GetRawText();
        Assert.Contains(path, problem.Str("detail"));
        foreach (var leak in new[] { "MemberCard", "System.", "Int64", "Nullable", "TopUpRequest", "PurchaseRequest", "could not be converted" })
            Assert.DoesNotContain(leak, text);
    }

    [Fact]
    public async Task AMissingBodyOrAnUnparsableQueryValueNamesNoDotNetType()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");

        foreach (var (response, field) in new[]
        {
            (await pos.PostRawAsync($"/api/v1/cards/{cardNo}/top-ups", "", idempotencyKey: PosClient.NewKey()), "body"),
            (await pos.PostRawAsync($"/api/v1/cards/{cardNo}/top-ups", "null", idempotencyKey: PosClient.NewKey()), "body"),
            (await pos.Http.GetAsync($"/api/v1/cards/{cardNo}/transactions?limit=abc"), "limit"),
            (await pos.Http.GetAsync($"/api/v1/cards/{cardNo}/transactions?limit=2147483648"), "limit"),
            (await pos.Http.GetAsync("/api/v1/rules/99999999999"), "version"),
        })
        {
            var problem = await ProblemAssert.ValidationAsync(response, field);
            var text = problem.GetRawText();
            foreach (var leak in new[] { "MemberCard", "System.", "TopUpRequest", "Int32", "int?", "\"int " })
                Assert.DoesNotContain(leak, text);
            Assert.Equal(JsonValueKind.String, problem.GetProperty("detail").ValueKind);
        }
    }
}
