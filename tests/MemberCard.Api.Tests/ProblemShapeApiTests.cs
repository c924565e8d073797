using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MemberCard.Api.Tests;

/// <summary>
/// Every error, whichever part of the stack writes it, has the contract's shape: problem+json with status,
/// title, detail, code and traceId. Provider-independent, so SQLite only.
/// </summary>
public sealed class ProblemShapeApiTests
{
    [Fact]
    public async Task EveryKindOfErrorCarriesStatusTitleDetailCodeAndTraceId()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        var key = await PosClient.ExpectAsync(
            await pos.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001" }), System.Net.HttpStatusCode.Created);
        var till = app.CreatePos(key.Text("apiKey"));
        var topUps = $"/api/v1/cards/{cardNo}/top-ups";

        var samples = new (string What, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("400 field rules", () => pos.PostTopUpAsync(cardNo, new { amount = 0, storeId = "S001" }, PosClient.NewKey())),
            ("400 malformed JSON", () => pos.PostRawAsync(topUps, "{", idempotencyKey: PosClient.NewKey())),
            ("400 query binding", () => pos.Http.GetAsync($"/api/v1/cards/{cardNo}/transactions?limit=abc")),
            ("401 no key", () => app.CreateClientWithKey(null).GetAsync("/api/v1/stores/S001")),
            ("403 terminal", () => till.Http.PostAsJsonAsync("/api/v1/stores", new { storeId = "S002", name = "x" })),
            ("404 domain", () => pos.Http.GetAsync("/api/v1/stores/NOPE")),
            ("404 unknown route", () => pos.Http.GetAsync("/api/v1/nothing-here")),
            ("405 wrong method", () => pos.Http.DeleteAsync($"/api/v1/cards/{cardNo}")),
            ("409 domain", () => pos.Http.PostAsJsonAsync("/api/v1/stores", new { storeId = "S001", name = "x" })),
            ("413 too large", () => pos.PostRawAsync(topUps, new string(' ', 2 * 1024 * 1024), idempotencyKey: PosClient.NewKey())),
            ("415 not JSON", () => pos.PostRawAsync(topUps, "amount=1", "text/plain", PosClient.NewKey())),
        };

        var failures = new StringBuilder();
        foreach (var (what, send) in samples)
        {
            var response = await send();
            var text = await response.Content.ReadAsStringAsync();
            await ProblemAssert.IsClientErrorAsync(response);
            var problem = JsonDocument.Parse(text).RootElement;
            foreach (var member in new[] { "title", "detail", "code", "traceId" })
                if (!problem.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
                    failures.AppendLine($"{what}: no '{member}' in {text}");
        }

        Assert.True(failures.Length == 0, failures.ToString());
    }
}
