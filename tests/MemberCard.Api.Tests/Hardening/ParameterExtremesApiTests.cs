using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MemberCard.Api.Tests.Hardening;

/// <summary>
/// Every date, time, count, page size, amount, percentage and duration parameter of the API at the extremes of its
/// type (minimum, maximum, maximum − 1, 0, −1, far future, just beyond the type): the answer is 2xx or a 4xx problem,
/// never a 5xx, and a refused request changes nothing its row can observe. A new endpoint or parameter is covered by
/// adding a row to <see cref="Rows"/>.
/// </summary>
public sealed class ParameterExtremesApiTests
{
    private static readonly string[] Longs =
        ["-9223372036854775808", "9223372036854775807", "9223372036854775806", "0", "-1", "1", "9223372036854775808", "1e300"];

    private static readonly string[] Ints = ["-2147483648", "2147483647", "2147483646", "0", "-1", "1", "2147483648"];

    private static readonly string[] Days = ["0001-01-01", "9999-12-31", "9999-12-30", "1970-01-01", "2999-12-31", "3000-01-01", "1899-12-31"];

    private static readonly string[] Months = ["0001-01", "9999-12", "9999-11", "1970-01", "2999-12", "3000-01"];

    private static readonly string[] Instants =
    [
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:58Z", "1970-01-01T00:00:00Z",
        "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2999-12-31T00:00:00Z",
    ];

    /// <summary>
    /// One parameter of one endpoint. <c>{v}</c> in the path or body is replaced by each value (raw: quote it in the
    /// template when it is a JSON string), <c>{n}</c> by a number unique to the request, <c>{card}</c>, <c>{member}</c>,
    /// <c>{campaign}</c> and <c>{campaign2}</c> by the fixture's. <see cref="Probe"/> reads what the request could change;
    /// <see cref="MustAccept"/> rows check a value inside the limits is taken.
    /// </summary>
    public sealed record Row(
        string Name, HttpMethod Method, string Path, string? Body, string[] Values, Func<Fixture, Task<string>>? Probe = null, bool MustAccept = false);

    private static readonly Func<Fixture, Task<string>> Card = f => f.ReadAsync($"/api/v1/cards/{f.CardNo}", $"/api/v1/cards/{f.CardNo}/transactions?limit=200");
    private static readonly Func<Fixture, Task<string>> Member = f => f.ReadAsync($"/api/v1/members/{f.MemberId}");
    private static readonly Func<Fixture, Task<string>> Campaign = f => f.ReadAsync($"/api/v1/campaigns/{f.CampaignId}");
    private static readonly Func<Fixture, Task<string>> Rules = f => f.ReadAsync("/api/v1/rules");
    private static readonly Func<Fixture, Task<string>> LastPhone = f => f.ReadPhoneAsync();

    private static IEnumerable<Row> Rows()
    {
        var post = HttpMethod.Post;
        var get = HttpMethod.Get;
        // Cards: money, points and page sizes.
        yield return new("top-up amount", post, "/api/v1/cards/{card}/top-ups", """{"amount":{v},"storeId":"S001"}""", Longs, Card);
        yield return new("purchase amount", post, "/api/v1/cards/{card}/purchases",
            """{"orderNo":"X-{n}","storeId":"S001","amount":{v},"balanceAmount":0,"pointsToRedeem":0}""", Longs, Card);
        yield return new("purchase balanceAmount", post, "/api/v1/cards/{card}/purchases",
            """{"orderNo":"X-{n}","storeId":"S001","amount":500,"balanceAmount":{v},"pointsToRedeem":0}""", Longs, Card);
        yield return new("purchase pointsToRedeem", post, "/api/v1/cards/{card}/purchases",
            """{"orderNo":"X-{n}","storeId":"S001","amount":500,"balanceAmount":0,"pointsToRedeem":{v}}""", Longs, Card);
        yield return new("refund amount", post, "/api/v1/cards/{card}/refunds", """{"orderNo":"P-1","storeId":"S001","amount":{v}}""", Longs, Card);
        yield return new("quote amount", post, "/api/v1/cards/{card}/quotes", """{"storeId":"S001","amount":{v},"pointsToRedeem":0}""", Longs, Card);
        yield return new("quote pointsToRedeem", post, "/api/v1/cards/{card}/quotes", """{"storeId":"S001","amount":500,"pointsToRedeem":{v}}""", Longs, Card);
        yield return new("points adjustment", post, "/api/v1/cards/{card}/points-adjustments", """{"points":{v},"reason":"sweep"}""", Longs, Card);
        yield return new("ledger limit", get, "/api/v1/cards/{card}/transactions?limit={v}", null, Ints);
        // Members: dates and page sizes.
        yield return new("register birthday", post, "/api/v1/members", """{"phone":"{phone}","birthday":"{v}","storeId":"S001"}""", Days, LastPhone);
        yield return new("update birthday", HttpMethod.Patch, "/api/v1/members/{member}", """{"birthday":"{v}"}""", Days, Member);
        yield return new("tier changes limit", get, "/api/v1/members/{member}/tier-changes?limit={v}", null, Ints);
        yield return new("member coupons limit", get, "/api/v1/members/{member}/coupons?limit={v}", null, Ints);
        // Campaigns: amounts, percentages, durations, counts and instants.
        foreach (var field in new[] { "amountOff", "maxDiscount", "minimumSpend", "totalStock", "budget" })
            yield return new($"campaign {field}", post, "/api/v1/campaigns", Campaign_("\"" + field + "\":{v}"), Longs);
        foreach (var field in new[] { "percentOff", "validDaysAfterIssue", "perMemberLimit", "partitions", "ratePerSecond" })
            yield return new($"campaign {field}", post, "/api/v1/campaigns", Campaign_("\"" + field + "\":{v}"), Ints);
        foreach (var field in new[] { "birthdayMonth", "inactiveDays" })
            yield return new($"campaign segment {field}", post, "/api/v1/campaigns", Campaign_("\"segment\":{\"" + field + "\":{v}}"), Ints);
        foreach (var field in new[] { "validFrom", "validUntil" })
            yield return new($"campaign {field}", post, "/api/v1/campaigns", Campaign_("\"" + field + "\":\"{v}\""), Instants);
        yield return new("campaign schedule at", post, "/api/v1/campaigns/{campaign}/schedule", """{"at":"{v}"}""", Instants, Campaign);
        // Within the limit but far beyond what a timer or reminder can wait in one step (49.7 days): accepted, no 5xx.
        yield return new("campaign schedule at, far but allowed", post, "/api/v1/campaigns/{campaign2}/schedule", """{"at":"{v}"}""",
            [DateTimeOffset.UtcNow.AddDays(720).ToString("O")], MustAccept: true);
        // Rules: amounts, percentages, durations and dates of a rule set.
        foreach (var field in new[] { "pointsPerYuan", "pointValue", "maxPointsRedeemedPerOrder", "maxPointsEarnedPerOrder", "maxPointsEarnedPerDay" })
            yield return new($"rules {field}", post, "/api/v1/rules", "{\"" + field + "\":{v}}", Longs, Rules);
        yield return new("rules pointsExpiryMonths", post, "/api/v1/rules", """{"pointsExpiryMonths":{v}}""", Ints, Rules);
        yield return new("rules promotion multiplierPercent", post, "/api/v1/rules",
            """{"promotions":[{"name":"p","multiplierPercent":{v}}]}""", Ints, Rules);
        yield return new("rules promotion weekday", post, "/api/v1/rules", """{"promotions":[{"name":"p","weekday":{v},"multiplierPercent":200}]}""", Ints, Rules);
        yield return new("rules promotion from", post, "/api/v1/rules", """{"promotions":[{"name":"p","from":"{v}","multiplierPercent":200}]}""", Days, Rules);
        yield return new("rules tier threshold", post, "/api/v1/rules",
            """{"tiers":[{"name":"base","threshold":0,"discountPercent":0,"pointsMultiplierPercent":100},{"name":"gold","threshold":{v},"discountPercent":5,"pointsMultiplierPercent":100}]}""",
            Longs, Rules);
        yield return new("rules tier discountPercent", post, "/api/v1/rules",
            """{"tiers":[{"name":"base","threshold":0,"discountPercent":{v},"pointsMultiplierPercent":100}]}""", Ints, Rules);
        yield return new("rules tier pointsMultiplierPercent", post, "/api/v1/rules",
            """{"tiers":[{"name":"base","threshold":0,"discountPercent":0,"pointsMultiplierPercent":{v}}]}""", Ints, Rules);
        yield return new("rules promotion to", post, "/api/v1/rules", """{"promotions":[{"name":"p","to":"{v}","multiplierPercent":200}]}""", Days, Rules);
        yield return new("rules product balanceCap", post, "/api/v1/rules",
            """{"products":[{"productId":"standard","name":"s","storedValue":true,"points":true,"tiers":true,"balanceCap":{v},"topUpBonus":[]}]}""", Longs, Rules);
        yield return new("rules bonus step", post, "/api/v1/rules",
            """{"products":[{"productId":"standard","name":"s","storedValue":true,"points":true,"tiers":true,"balanceCap":0,"topUpBonus":[{"minAmount":{v},"bonus":{v}}]}]}""",
            Longs, Rules);
        yield return new("rules version", get, "/api/v1/rules/{v}", null, Ints);
        // Reports: dates, months, periods.
        foreach (var period in new[] { "day", "week", "month" })
        {
            yield return new($"summary to ({period})", get, $"/api/v1/reports/summary?from=2026-01-01&to={{v}}&period={period}", null, Days);
            yield return new($"summary from ({period})", get, $"/api/v1/reports/summary?from={{v}}&to=2026-01-01&period={period}", null, Days);
            yield return new($"summary both ({period})", get, $"/api/v1/reports/summary?from={{v}}&to={{v}}&period={period}", null, Days);
            yield return new($"store summary both ({period})", get, $"/api/v1/reports/stores/S001/summary?from={{v}}&to={{v}}&period={period}", null, Days);
            yield return new($"summary whole calendar ({period})", get, $"/api/v1/reports/summary?from={{v}}&to=9999-12-31&period={period}", null, Days);
        }
        yield return new("summary to only", get, "/api/v1/reports/summary?to={v}", null, Days);
        yield return new("export both", get, "/api/v1/reports/export?from={v}&to={v}", null, Days);
        yield return new("export whole calendar", get, "/api/v1/reports/export?from=0001-01-01&to={v}", null, Days);
        yield return new("store export both", get, "/api/v1/reports/stores/S001/export?from={v}&to={v}", null, Days);
        yield return new("cohorts both", get, "/api/v1/reports/cohorts?from={v}&to={v}", null, Months);
        yield return new("cohorts to", get, "/api/v1/reports/cohorts?from=0001-01&to={v}", null, Months);
        yield return new("cohorts to only", get, "/api/v1/reports/cohorts?to={v}", null, Months);
        // Administration: page sizes.
        yield return new("audit limit", get, "/api/v1/audit?limit={v}", null, Ints);
        yield return new("dead letters limit", get, "/api/v1/admin/streams/dead-letters?limit={v}", null, Ints);
        yield return new("re-encrypt limit", post, "/api/v1/admin/personal-data/re-encrypt?limit={v}", null, Ints);
        yield return new("dead letter id", post, "/api/v1/admin/streams/dead-letters/{v}/replay", null, Longs);
    }

    private static string Campaign_(string field) => "{\"name\":\"sweep\",\"kind\":\"fixed\",\"amountOff\":100,\"validDaysAfterIssue\":30,\"partitions\":2," + field + "}";

    [Fact]
    public async Task EveryParameterAtTheExtremesOfItsTypeAnswersWithoutA5xxAndARefusalChangesNothing()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var fixture = await Fixture.CreateAsync(app);
        var failures = new List<string>();
        var sent = 0;

        foreach (var row in Rows())
        foreach (var value in row.Values)
        {
            var (path, body) = fixture.Fill(row, value);
            var before = row.Probe is null ? null : await row.Probe(fixture);
            var request = new HttpRequestMessage(row.Method, path)
            {
                Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", PosClient.NewKey());
            using var response = await fixture.Admin.SendAsync(request);
            sent++;
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status >= 500) failures.Add($"{row.Name} = {value}: {status} {text}");
            else if (row.MustAccept && status >= 300) failures.Add($"{row.Name} = {value}: must be accepted, got {status} {text}");
            else if (status >= 400)
            {
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !HasCode(text))
                    failures.Add($"{row.Name} = {value}: {status} without a problem code: {text}");
                if (row.Probe is not null && await row.Probe(fixture) is var after && after != before)
                    failures.Add($"{row.Name} = {value}: refused with {status} but changed state:\n  before {before}\n  after  {after}");
            }
            // Anything a 2xx accepted must still leave the till working (no stored value that breaks later reads).
            if (status < 300 && await fixture.TillStillWorksAsync() is { } broken) failures.Add($"{row.Name} = {value}: accepted, then {broken}");
            if (status < 300 && row.Probe == Rules) await fixture.RestoreRulesAsync();
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed:\n" + string.Join("\n", failures));
    }

    private static bool HasCode(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>What the rows act on: a store, a member with a card that holds balance and an order, a draft campaign.</summary>
    public sealed class Fixture
    {
        private static readonly string PhoneStem = $"137{Random.Shared.Next(1000, 9999)}";
        private int _sequence;
        private string _lastPhone = "";

        private Fixture(HttpClient admin) => Admin = admin;

        public HttpClient Admin { get; }

        public string CardNo { get; private set; } = "";

        public string MemberId { get; private set; } = "";

        public string CampaignId { get; private set; } = "";

        public string SecondCampaignId { get; private set; } = "";

        public static async Task<Fixture> CreateAsync(MemberCardApplication app)
        {
            var fixture = new Fixture(app.CreateAdminClient());
            var pos = new PosClient(fixture.Admin);
            await pos.CreateStoreAsync("S001");
            var member = await pos.RegisterMemberAsync("S001");
            fixture.MemberId = member.Text("memberId");
            fixture.CardNo = (await pos.IssueCardAsync(fixture.MemberId)).Text("cardNo");
            await pos.TopUpAsync(fixture.CardNo, 10_000, "S001");
            await pos.PurchaseAsync(fixture.CardNo, "P-1", "S001", 1000, 1000);
            var campaign = await PosClient.ExpectAsync(await fixture.Admin.PostAsync("/api/v1/campaigns",
                new StringContent(Campaign_("\"minimumSpend\":0"), Encoding.UTF8, "application/json")), HttpStatusCode.Created);
            fixture.CampaignId = campaign.Text("campaignId");
            fixture.SecondCampaignId = (await PosClient.ExpectAsync(await fixture.Admin.PostAsync("/api/v1/campaigns",
                new StringContent(Campaign_("\"minimumSpend\":0"), Encoding.UTF8, "application/json")), HttpStatusCode.Created)).Text("campaignId");
            fixture._rules = await fixture.Admin.GetStringAsync("/api/v1/rules");
            return fixture;
        }

        private string _rules = "";

        /// <summary>Publishes the rule set the fixture started with again, as the next version.</summary>
        public async Task RestoreRulesAsync() =>
            await PosClient.ExpectAsync(await Admin.PostAsync("/api/v1/rules", new StringContent(_rules, Encoding.UTF8, "application/json")), HttpStatusCode.Created);

        public (string Path, string? Body) Fill(Row row, string value)
        {
            var n = Interlocked.Increment(ref _sequence);
            _lastPhone = $"{PhoneStem}{n:D4}";
            string Replace(string text) => text.Replace("{card}", CardNo).Replace("{member}", MemberId).Replace("{campaign2}", SecondCampaignId).Replace("{campaign}", CampaignId)
                .Replace("{phone}", _lastPhone).Replace("{n}", n.ToString()).Replace("{v}", value);
            return (Replace(row.Path), row.Body is null ? null : Replace(row.Body));
        }

        /// <summary>The bodies of GETs, joined; a status other than 200 is part of the answer.</summary>
        public async Task<string> ReadAsync(params string[] paths)
        {
            var parts = new List<string>();
            foreach (var path in paths)
            {
                using var response = await Admin.GetAsync(path);
                parts.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            return string.Join(" | ", parts);
        }

        /// <summary>Whether the phone of the last registration was registered.</summary>
        public async Task<string> ReadPhoneAsync()
        {
            if (_lastPhone.Length == 0) return "none";
            using var response = await Admin.PostAsJsonAsync("/api/v1/members/lookup", new { phone = _lastPhone });
            return response.StatusCode == HttpStatusCode.OK ? "registered" : "absent";
        }

        /// <summary>After an accepted change (e.g. a rule set), an ordinary purchase and top-up still answer without a 5xx.</summary>
        public async Task<string?> TillStillWorksAsync()
        {
            var pos = new PosClient(Admin);
            var n = Interlocked.Increment(ref _sequence);
            foreach (var response in new[]
            {
                await pos.PostTopUpAsync(CardNo, new { amount = 100, storeId = "S001" }, PosClient.NewKey()),
                await pos.PostPurchaseAsync(CardNo, PosClient.Purchase($"W-{n}", "S001", 100, 100)),
                await Admin.GetAsync($"/api/v1/cards/{CardNo}"),
                await Admin.GetAsync($"/api/v1/members/{MemberId}"),
            })
            {
                if ((int)response.StatusCode >= 500)
                    return $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            return null;
        }
    }
}
