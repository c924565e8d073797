using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MemberCard.Console.Tests;

/// <summary>Seeds data through the REST API with the bootstrap admin key, as an integration would.</summary>
public sealed class SeedApi(Uri address)
{
    private static int _phone = Random.Shared.Next(0, 9_000_000);
    private readonly HttpClient _http = CreateClient(address);

    private static HttpClient CreateClient(Uri address)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ConsoleServer.AdminKey);
        return http;
    }

    /// <summary>A phone number no other test uses.</summary>
    public static string UniquePhone() => $"139{Interlocked.Increment(ref _phone) % 100_000_000:D8}";

    public async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} → {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public Task<JsonNode> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<JsonNode> PostAsync(string path, object? body = null, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, body ?? new { }, idempotencyKey);

    public async Task CreateStoreAsync(string storeId) => await PostAsync("/api/v1/stores", new { storeId, name = "Store " + storeId });

    public async Task CreateStaffAsync(string username, string password, string role, string? storeId) =>
        await PostAsync("/api/v1/staff", new { username, password, role, storeId });

    /// <summary>A member registered at <paramref name="storeId"/> with one card: (memberId, cardNo).</summary>
    public async Task<(string MemberId, string CardNo)> MemberWithCardAsync(string storeId, params string[] tags)
    {
        var member = await PostAsync("/api/v1/members", new { phone = UniquePhone(), name = "测试会员", storeId });
        var memberId = member["memberId"]!.GetValue<string>();
        if (tags.Length > 0) await SendAsync(HttpMethod.Put, $"/api/v1/members/{memberId}/tags", new { tags });
        var card = await PostAsync($"/api/v1/members/{memberId}/cards");
        return (memberId, card["cardNo"]!.GetValue<string>());
    }

    public async Task<JsonNode> TopUpAsync(string cardNo, long amount, string storeId) =>
        await PostAsync($"/api/v1/cards/{cardNo}/top-ups", new { amount, storeId }, "seed-" + Guid.NewGuid().ToString("N"));

    public async Task<JsonNode> PurchaseAsync(string cardNo, long amount, string storeId) =>
        await PostAsync($"/api/v1/cards/{cardNo}/purchases",
            new { orderNo = "SEED-" + Guid.NewGuid().ToString("N")[..12], storeId, amount, balanceAmount = amount, pointsToRedeem = 0 });

    public async Task<JsonArray> LedgerAsync(string cardNo) =>
        (await GetAsync($"/api/v1/cards/{cardNo}/transactions?limit=200"))["items"]!.AsArray();

    public static long Long(JsonNode? node) => node!.GetValue<long>();
}
