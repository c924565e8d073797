using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MemberCard.Api.Tests;

/// <summary>
/// The POS API as a till would drive it, for arranging and acting in tests. Methods named after an action
/// (<see cref="TopUpAsync"/>) insist on success and return the body; <c>Post…</c> methods return the raw response
/// so a test can assert on failures.
/// </summary>
public sealed class PosClient(HttpClient http)
{
    private static long _phoneSequence = Random.Shared.NextInt64(10_000_000, 90_000_000);
    private static long _idNumberSequence = Random.Shared.NextInt64(0, 15_000_000);

    /// <summary>The underlying client (for raw requests).</summary>
    public HttpClient Http => http;

    /// <summary>A phone number no other test uses: 139 followed by eight digits.</summary>
    public static string UniquePhone() => $"139{Interlocked.Increment(ref _phoneSequence):D8}";

    /// <summary>
    /// A valid resident ID number no other test uses: region 110105, a birth date from 1950 on and a sequence taken
    /// from one counter, and the GB 11643-1999 check character (computed here, apart from the server's).
    /// </summary>
    public static string UniqueIdNumber()
    {
        var n = Interlocked.Increment(ref _idNumberSequence);
        var body = string.Create(CultureInfo.InvariantCulture, $"110105{new DateOnly(1950, 1, 1).AddDays((int)(n / 1000)):yyyyMMdd}{n % 1000:D3}");
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        return body + "10X98765432"[body.Select((c, i) => (c - '0') * weights[i]).Sum() % 11];
    }

    /// <summary>A fresh Idempotency-Key.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>Creates a store.</summary>
    public async Task<JsonElement> CreateStoreAsync(string storeId, string name = "Test store") =>
        await ExpectAsync(await http.PostAsJsonAsync("/api/v1/stores", new { storeId, name }), HttpStatusCode.Created);

    /// <summary>Registers a member with a unique phone (unless given) and returns the member.</summary>
    public async Task<JsonElement> RegisterMemberAsync(string? storeId = null, string? phone = null) =>
        await ExpectAsync(await PostMemberAsync(new { phone = phone ?? UniquePhone(), name = "Li Lei", birthday = "1990-05-01", email = (string?)null, storeId }),
            HttpStatusCode.Created);

    /// <summary>Issues a card to a member and returns the card.</summary>
    public async Task<JsonElement> IssueCardAsync(string memberId) =>
        await ExpectAsync(await http.PostAsJsonAsync($"/api/v1/members/{memberId}/cards", new { }), HttpStatusCode.Created);

    /// <summary>Registers a new member at the store and issues a card; returns the card number.</summary>
    public async Task<string> NewCardAsync(string storeId)
    {
        var member = await RegisterMemberAsync(storeId);
        return (await IssueCardAsync(member.Text("memberId"))).Text("cardNo");
    }

    /// <summary>Tops a card up (a fresh Idempotency-Key unless given) and returns the transaction.</summary>
    public async Task<JsonElement> TopUpAsync(string cardNo, long amount, string storeId, string? idempotencyKey = null) =>
        await ExpectAsync(await PostTopUpAsync(cardNo, new { amount, storeId }, idempotencyKey ?? NewKey()), HttpStatusCode.Created);

    /// <summary>Pays an order and returns the transaction.</summary>
    public async Task<JsonElement> PurchaseAsync(
        string cardNo, string orderNo, string storeId, long amount, long balanceAmount, long pointsToRedeem = 0) =>
        await ExpectAsync(await PostPurchaseAsync(cardNo, Purchase(orderNo, storeId, amount, balanceAmount, pointsToRedeem)), HttpStatusCode.Created);

    /// <summary>Refunds (part of) an order and returns the transaction.</summary>
    public async Task<JsonElement> RefundAsync(string cardNo, string orderNo, string storeId, long? amount, string? idempotencyKey = null) =>
        await ExpectAsync(await PostRefundAsync(cardNo, Refund(orderNo, storeId, amount), idempotencyKey ?? NewKey()), HttpStatusCode.Created);

    /// <summary>A purchase body as the contract writes it.</summary>
    public static object Purchase(string orderNo, string storeId, long amount, long balanceAmount, long pointsToRedeem = 0) =>
        new { orderNo, storeId, amount, balanceAmount, pointsToRedeem, couponCode = (string?)null };

    /// <summary>A refund body; a null amount is left out (refund all that is left).</summary>
    public static object Refund(string orderNo, string storeId, long? amount) =>
        amount is null ? new { orderNo, storeId } : new { orderNo, storeId, amount };

    /// <summary>The card (200 asserted).</summary>
    public async Task<JsonElement> GetCardAsync(string cardNo) =>
        await ExpectAsync(await http.GetAsync($"/api/v1/cards/{cardNo}"), HttpStatusCode.OK);

    /// <summary>The card's whole ledger, newest first, read page by page.</summary>
    public async Task<IReadOnlyList<JsonElement>> ReadLedgerAsync(string cardNo, int? limit = null)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var query = new List<string>();
            if (limit is not null) query.Add($"limit={limit}");
            if (cursor is not null) query.Add($"cursor={Uri.EscapeDataString(cursor)}");
            var page = await ExpectAsync(
                await http.GetAsync($"/api/v1/cards/{cardNo}/transactions{(query.Count == 0 ? "" : "?" + string.Join('&', query))}"), HttpStatusCode.OK);
            items.AddRange(page.Field("items").EnumerateArray());
            cursor = page.Str("nextCursor");
        }
        while (cursor is not null);
        return items;
    }

    /// <summary>What a card holds now: enough to show that a refused request changed nothing.</summary>
    public async Task<CardSnapshot> SnapshotAsync(string cardNo)
    {
        var card = await GetCardAsync(cardNo);
        var ledger = await ReadLedgerAsync(cardNo, 200);
        return new CardSnapshot(card.Text("status"), card.Long("balance"), card.Long("points"), ledger.Count,
            ledger.Count == 0 ? null : ledger[0].Text("transactionId"));
    }

    /// <summary>POST /members.</summary>
    public Task<HttpResponseMessage> PostMemberAsync(object body) => http.PostAsJsonAsync("/api/v1/members", body);

    /// <summary>POST /cards/{cardNo}/top-ups with an optional Idempotency-Key.</summary>
    public Task<HttpResponseMessage> PostTopUpAsync(string cardNo, object body, string? idempotencyKey) =>
        SendAsync($"/api/v1/cards/{cardNo}/top-ups", JsonContent.Create(body), idempotencyKey);

    /// <summary>POST /cards/{cardNo}/purchases with an optional Idempotency-Key.</summary>
    public Task<HttpResponseMessage> PostPurchaseAsync(string cardNo, object body, string? idempotencyKey = null) =>
        SendAsync($"/api/v1/cards/{cardNo}/purchases", JsonContent.Create(body), idempotencyKey);

    /// <summary>POST /cards/{cardNo}/refunds with an optional Idempotency-Key.</summary>
    public Task<HttpResponseMessage> PostRefundAsync(string cardNo, object body, string? idempotencyKey) =>
        SendAsync($"/api/v1/cards/{cardNo}/refunds", JsonContent.Create(body), idempotencyKey);

    /// <summary>POSTs raw text as the body (for malformed and oversized requests).</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string mediaType = "application/json", string? idempotencyKey = null) =>
        SendAsync(path, new StringContent(body, Encoding.UTF8, mediaType), idempotencyKey);

    /// <summary>POSTs content with an optional Idempotency-Key (added without validation, so malformed keys reach the server).</summary>
    public Task<HttpResponseMessage> SendAsync(string path, HttpContent? content, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return http.SendAsync(request);
    }

    /// <summary>Asserts the status (showing the body when it differs) and returns the JSON body.</summary>
    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>A card's state and ledger length at one moment.</summary>
public sealed record CardSnapshot(string Status, long Balance, long Points, int LedgerEntries, string? NewestTransactionId);

/// <summary>Creates <see cref="PosClient"/>s on a test application.</summary>
public static class PosClientFactory
{
    /// <summary>A client acting with the bootstrap admin key.</summary>
    public static PosClient CreateAdminPos(this MemberCardApplication app) => new(app.CreateAdminClient());

    /// <summary>A client acting with the given key.</summary>
    public static PosClient CreatePos(this MemberCardApplication app, string apiKey) => new(app.CreateClientWithKey(apiKey));
}
