using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MemberCard.Cli.Load;

namespace MemberCard.Cli.LoginFlood;

/// <summary>
/// Two phases against one server: tills alone ("quiet"), then tills while <c>--logins</c> failed staff log-ins with
/// unknown usernames are kept in flight ("flood"). Each till loops read card, top-up, read card, purchase; every
/// measured latency is kept and the percentiles are exact. Log-ins carry no credential, so they are anonymous
/// traffic; the tills authenticate by API key and never hash a password.
/// </summary>
internal sealed class LoginFloodRunner(LoginFloodOptions options)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public async Task<int> RunAsync()
    {
        using var tillHttp = Client(options.Tills + 4, options.ApiKey);
        using var floodHttp = Client(options.Logins, null);
        var cards = await SeedAsync(tillHttp);
        Console.WriteLine($"login-flood: {options.Target.BaseUrl} tills={options.Tills} logins={options.Logins} duration={DurationParser.Format(options.Duration)} "
            + $"warmup={DurationParser.Format(options.Warmup)} processors={Environment.ProcessorCount} at {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

        var quiet = await PhaseAsync("quiet", tillHttp, null, cards);
        var flood = await PhaseAsync("flood", tillHttp, floodHttp, cards);

        Console.WriteLine();
        Console.WriteLine("| phase | till requests | till failures | read p50 / p99 / max ms | write p50 / p99 / max ms | all till p99 ms | log-ins answered | 401 | 429 | other | log-in p50 / p99 ms |");
        Console.WriteLine("|---|--:|--:|---|---|--:|--:|--:|--:|--:|---|");
        foreach (var phase in new[] { quiet, flood }) Console.WriteLine(phase.Row());
        var p99 = flood.AllTill.Percentile(0.99);
        var passed = flood.TillFailures == 0 && quiet.TillFailures == 0 && p99 < options.P99Target.TotalMilliseconds;
        Console.WriteLine();
        Console.WriteLine($"till p99 during the flood: {p99:0.0} ms (target < {options.P99Target.TotalMilliseconds:0} ms); till failures: {flood.TillFailures + quiet.TillFailures}: {(passed ? "PASS" : "FAIL")}");
        return passed ? 0 : 1;
    }

    private async Task<PhaseResult> PhaseAsync(string name, HttpClient tillHttp, HttpClient? floodHttp, IReadOnlyList<string> cards)
    {
        var result = new PhaseResult(name);
        using var stop = new CancellationTokenSource();
        var measuring = new Flag();
        var floods = floodHttp is null ? [] : Enumerable.Range(0, options.Logins).Select(i => FloodAsync(floodHttp, i, result, measuring, stop.Token)).ToArray();
        var tills = cards.Select((card, i) => TillAsync(tillHttp, card, i, result, measuring, stop.Token)).ToArray();
        await Task.Delay(options.Warmup);
        measuring.Value = true;
        await Task.Delay(options.Duration);
        measuring.Value = false;
        await stop.CancelAsync();
        await Task.WhenAll(tills.Concat(floods));
        return result;
    }

    private async Task TillAsync(HttpClient http, string cardNo, int till, PhaseResult result, Flag measuring, CancellationToken stop)
    {
        var card = Url($"api/v1/cards/{cardNo}");
        var order = 0;
        for (var step = 0; !stop.IsCancellationRequested; step++)
        {
            var write = step % 2 == 1;
            using var request = (step % 4) switch
            {
                1 => Post(Url($"api/v1/cards/{cardNo}/top-ups"), """{"amount":100,"storeId":"FLOOD"}""", Guid.NewGuid().ToString("N")),
                3 => Post(Url($"api/v1/cards/{cardNo}/purchases"),
                    $$"""{"orderNo":"F{{till}}-{{Environment.ProcessId}}-{{++order}}","storeId":"FLOOD","amount":100,"balanceAmount":100,"pointsToRedeem":0}""", null),
                _ => new HttpRequestMessage(HttpMethod.Get, card),
            };
            var (status, elapsed) = await SendAsync(http, request);
            if (!measuring.Value) continue;
            lock (result)
            {
                (write ? result.Writes : result.Reads).Add(elapsed);
                result.AllTill.Add(elapsed);
                if (status is 0 or >= 500 || (status >= 400 && status != 409)) result.TillFailures++;
            }
        }
    }

    private async Task FloodAsync(HttpClient http, int flooder, PhaseResult result, Flag measuring, CancellationToken stop)
    {
        var uri = Url("api/v1/auth/token");
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            using var request = Post(uri, $$"""{"username":"flood-{{flooder}}-{{n}}","password":"not the password 0"}""", null);
            var (status, elapsed) = await SendAsync(http, request);
            if (!measuring.Value) continue;
            lock (result)
            {
                result.Logins.Add(elapsed);
                var outcome = status switch { 401 => "401", 429 => "429", _ => "other" };
                result.LoginOutcomes[outcome] = result.LoginOutcomes.GetValueOrDefault(outcome) + 1;
            }
        }
    }

    private async Task<IReadOnlyList<string>> SeedAsync(HttpClient http)
    {
        using (var store = Post(Url("api/v1/stores"), """{"storeId":"FLOOD","name":"Login flood"}""", null))
        {
            var (status, _) = await SendAsync(http, store);
            if (status is not (201 or 409)) throw new InvalidOperationException($"creating store FLOOD answered {status}");
        }
        var cards = new List<string>();
        for (var i = 0; i < options.Tills; i++)
        {
            var phone = $"170{Random.Shared.Next(10_000_000, 99_999_999)}";
            var member = await ExpectAsync(http, Post(Url("api/v1/members"), $$"""{"phone":"{{phone}}","storeId":"FLOOD"}""", null), "memberId");
            var cardNo = await ExpectAsync(http, Post(Url($"api/v1/members/{member}/cards"), "{}", null), "cardNo");
            await ExpectAsync(http, Post(Url($"api/v1/cards/{cardNo}/top-ups"), """{"amount":100000,"storeId":"FLOOD"}""", Guid.NewGuid().ToString("N")), "balance");
            cards.Add(cardNo);
        }
        return cards;
    }

    private static async Task<string> ExpectAsync(HttpClient http, HttpRequestMessage request, string field)
    {
        using (request)
        using (var response = await http.SendAsync(request))
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{request.RequestUri}: {(int)response.StatusCode} {text}");
            var value = JsonDocument.Parse(text).RootElement.GetProperty(field);
            return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        }
    }

    private static async Task<(int Status, double Milliseconds)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            await response.Content.ReadAsByteArrayAsync(timeout.Token);
            return ((int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return (0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private Uri Url(string relative) => new(options.Target.BaseUrl, relative);

    private static HttpRequestMessage Post(Uri uri, string json, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return request;
    }

    private static HttpClient Client(int connections, string? apiKey)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        if (apiKey is not null) http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }

    private sealed class Flag
    {
        public volatile bool Value;
    }

    private sealed class PhaseResult(string name)
    {
        public Samples Reads { get; } = new();
        public Samples Writes { get; } = new();
        public Samples AllTill { get; } = new();
        public Samples Logins { get; } = new();
        public Dictionary<string, long> LoginOutcomes { get; } = [];
        public long TillFailures { get; set; }

        public string Row() => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {AllTill.Count:N0} | {TillFailures} | {Reads.Summary()} | {Writes.Summary()} | {AllTill.Percentile(0.99):0.0} | {Logins.Count:N0} | "
            + $"{LoginOutcomes.GetValueOrDefault("401"):N0} | {LoginOutcomes.GetValueOrDefault("429"):N0} | {LoginOutcomes.GetValueOrDefault("other"):N0} | "
            + $"{(Logins.Count == 0 ? "–" : $"{Logins.Percentile(0.5):0.0} / {Logins.Percentile(0.99):0.0}")} |");
    }

    private sealed class Samples
    {
        private readonly List<double> _values = [];

        public int Count => _values.Count;

        public void Add(double value) => _values.Add(value);

        // Nearest rank over all samples.
        public double Percentile(double p)
        {
            if (_values.Count == 0) return 0;
            var sorted = _values.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        }

        public string Summary() => string.Create(CultureInfo.InvariantCulture,
            $"{Percentile(0.5):0.0} / {Percentile(0.99):0.0} / {(_values.Count == 0 ? 0 : _values.Max()):0.0}");
    }
}
