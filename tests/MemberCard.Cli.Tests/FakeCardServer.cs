using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace MemberCard.Cli.Tests;

/// <summary>
/// A MemberCard server in memory, as an HTTP handler: cards with a balance and a ledger, top-ups, purchases, the
/// ledger pages and <c>GET /health/live</c>. Just enough for the load tool's tills and its verification. With
/// <see cref="LoseEveryNthTopUp"/> it acknowledges some top-ups without applying them: a lost update.
/// </summary>
internal sealed class FakeCardServer : HttpMessageHandler
{
    private const string CreatedAt = "2026-12-01T00:00:00Z";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeCard> _cards = [];
    private int _topUps;
    private int _transactions;

    public FakeCardServer(int cards, long seededBalance)
    {
        for (var i = 0; i < cards; i++)
        {
            var card = new FakeCard(CardNo(i)) { Balance = seededBalance };
            card.Ledger.Add((seededBalance, seededBalance));
            _cards.Add(card.CardNo, card);
        }
    }

    /// <summary>0: every write is applied; n: every n-th top-up is answered 201 but not applied.</summary>
    public int LoseEveryNthTopUp { get; init; }

    /// <summary>false: <c>GET /health/live</c> answers 404, like the baseline.</summary>
    public bool HasHealthLive { get; init; } = true;

    public int Pings { get; private set; }

    public static string CardNo(int index) => "C" + index.ToString("000000", CultureInfo.InvariantCulture);

    /// <summary>How many write requests (top-ups and purchases) each card received.</summary>
    public Dictionary<string, int> WritesPerCard()
    {
        lock (_lock) return _cards.Values.ToDictionary(c => c.CardNo, c => c.Writes);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath.Trim('/');
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_lock) return Answer(request.Method, path.Split('/'), body);
    }

    private HttpResponseMessage Answer(HttpMethod method, string[] segments, string? body)
    {
        if (segments is ["health", "live"])
        {
            Pings++;
            return HasHealthLive ? Text(HttpStatusCode.OK, "text/plain", "Healthy") : Text(HttpStatusCode.NotFound, "text/plain", "");
        }
        if (segments is not ["api", "v1", "cards", var cardNo, ..] || !_cards.TryGetValue(cardNo, out var card))
            return Text(HttpStatusCode.NotFound, "application/problem+json", """{"status":404,"code":"not_found"}""");
        return (method.Method, segments.Length > 4 ? segments[4] : "") switch
        {
            ("GET", "") => Json(HttpStatusCode.OK, CardJson(card)),
            ("GET", "transactions") => Json(HttpStatusCode.OK, LedgerJson(card)),
            ("POST", "top-ups") => TopUp(card, ReadAmount(body)),
            ("POST", "purchases") => Purchase(card, ReadAmount(body)),
            _ => Text(HttpStatusCode.NotFound, "application/problem+json", """{"status":404,"code":"not_found"}"""),
        };
    }

    private HttpResponseMessage TopUp(FakeCard card, long amount)
    {
        card.Writes++;
        var lost = LoseEveryNthTopUp > 0 && ++_topUps % LoseEveryNthTopUp == 0;
        if (!lost) Apply(card, amount);
        return Json(HttpStatusCode.Created, Invariant(
            $$"""{"transactionId":"T{{++_transactions}}","type":"topup","amount":{{amount}},"bonus":0,"balance":{{card.Balance}},"points":0,"createdAt":"{{CreatedAt}}"}"""));
    }

    private HttpResponseMessage Purchase(FakeCard card, long amount)
    {
        card.Writes++;
        Apply(card, -amount);
        return Json(HttpStatusCode.Created, Invariant(
            $$"""{"transactionId":"T{{++_transactions}}","type":"purchase","orderNo":"O","amount":{{amount}},"discount":0,"pointsRedeemed":0,"balanceCharged":{{amount}},"pointsEarned":0,"balance":{{card.Balance}},"points":0,"createdAt":"{{CreatedAt}}"}"""));
    }

    private static void Apply(FakeCard card, long delta)
    {
        card.Balance += delta;
        card.Ledger.Add((delta, card.Balance));
    }

    private static long ReadAmount(string? body)
    {
        using var json = JsonDocument.Parse(body ?? "{}");
        return json.RootElement.GetProperty("amount").GetInt64();
    }

    private static string CardJson(FakeCard card) => Invariant(
        $$"""{"cardNo":"{{card.CardNo}}","memberId":"M","status":"active","balance":{{card.Balance}},"points":0,"tier":"basic","createdAt":"{{CreatedAt}}"}""");

    // The whole ledger on one page.
    private static string LedgerJson(FakeCard card)
    {
        var items = card.Ledger.Select((entry, i) => Invariant(
            $$"""{"transactionId":"L{{i}}","type":"x","orderNo":null,"amount":{{Math.Abs(entry.Delta)}},"balanceDelta":{{entry.Delta}},"pointsDelta":0,"balance":{{entry.BalanceAfter}},"points":0,"storeId":"S","createdAt":"{{CreatedAt}}"}"""));
        return "{\"items\":[" + string.Join(',', items) + "],\"nextCursor\":null}";
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) => Text(status, "application/json", json);

    private static HttpResponseMessage Text(HttpStatusCode status, string mediaType, string text) =>
        new(status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private sealed class FakeCard(string cardNo)
    {
        public string CardNo => cardNo;

        public long Balance { get; set; }

        public int Writes { get; set; }

        public List<(long Delta, long BalanceAfter)> Ledger { get; } = [];
    }
}
