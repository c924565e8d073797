using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MemberCard.Grains.Members;
using MemberCard.Grains.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MemberCard.Api.Tests;

/// <summary>
/// Member self-service through the API: sign-in with the code the phone received, the member's own data under
/// <c>/api/v1/me</c> and nothing else, and the dynamic member code at the till (docs/security.md, "Member self-service").
/// </summary>
public sealed class MemberSelfServiceApiTests
{
    private static readonly Dictionary<string, string?> Settings = new(ReportApiTests.FastStreams)
    {
        ["Notifications:WebhookUrl"] = "http://127.0.0.1:9/never-called",
        ["Notifications:PollInterval"] = "00:00:00.020",
    };

    private readonly ConcurrentQueue<WebhookBody> _sent = new();

    [Fact]
    public async Task AMemberSignsInWithTheCodeAndReachesOnlyTheirOwnData()
    {
        var clock = new FakeTimeProvider(DomainApi.Start);
        await using var app = await StartAsync(DomainApi.WithClock(clock));
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        await admin.PublishAsync(DomainApi.RuleSet(tiers: DomainApi.Ladder, pointsExpiryMonths: 1));
        var (phone, memberId, cardNo) = await MemberWithCardAsync(admin);
        await admin.PurchaseAsync(cardNo, "O-1", "S001", 2_000, 2_000);
        var otherCard = await admin.NewCardAsync("S001");
        var anonymous = app.CreateClientWithKey(null);

        var sent = await PosClient.ExpectAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/code", new { phone }), HttpStatusCode.Accepted);
        var nobody = await PosClient.ExpectAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/code", new { phone = PosClient.UniquePhone() }),
            HttpStatusCode.Accepted);
        Assert.Equal((300L, 60L), (sent.Long("expiresIn"), sent.Long("resendAfter")));
        Assert.Equal(Shape(sent), Shape(nobody));
        var code = await CodeSentToAsync(phone);
        await ProblemAssert.IsAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/token", new { phone, code = Other(code) }),
            HttpStatusCode.Unauthorized, "sign_in_code_invalid");
        await ProblemAssert.ValidationAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/token", new { phone, code = "12ab56" }), "code");
        var token = await PosClient.ExpectAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/token", new { phone, code }), HttpStatusCode.OK);
        Assert.Equal(memberId, token.Text("memberId"));
        var me = MemberClient(app, token.Text("accessToken"));

        var profile = await me.GetJsonAsync("/api/v1/me");
        Assert.Equal((memberId, phone[..3] + "****" + phone[^4..], "l***@example.com"), (profile.Text("memberId"), profile.Text("phone"), profile.Text("email")));
        var card = Assert.Single((await me.GetJsonAsync("/api/v1/me/cards")).Field("items").EnumerateArray());
        Assert.Equal((cardNo, 3_000L, 3_000L, 20L), (card.Text("cardNo"), card.Long("balance"), card.Long("principal"), card.Long("points")));
        Assert.Equal(2, (await me.GetJsonAsync($"/api/v1/me/cards/{cardNo}/transactions?limit=1")).Field("items").GetArrayLength() + 1);
        Assert.Equal(0L, (await me.GetJsonAsync("/api/v1/me/points/expiring")).Long("total")); // expire 2026-03-01: 59 days away
        Assert.Equal(20L, (await me.GetJsonAsync("/api/v1/me/points/expiring?days=60")).Long("total"));
        await ProblemAssert.ValidationAsync(await me.Http.GetAsync("/api/v1/me/points/expiring?days=0"), "days");
        Assert.Empty((await me.GetJsonAsync("/api/v1/me/coupons?status=active")).Field("items").EnumerateArray());
        var tier = await me.GetJsonAsync("/api/v1/me/tier");
        Assert.Equal(("silver", 2_000L, "gold", 48_000L), (tier.Text("tier"), tier.Long("current"), tier.Text("nextTier"), tier.Long("needed")));
        Assert.Contains((await me.GetJsonAsync("/api/v1/me/notifications")).Field("items").EnumerateArray(), n => n.Text("template") == "top_up");

        // Never another member's data, never a staff endpoint; and staff credentials do not open /me.
        await ProblemAssert.IsAsync(await me.Http.GetAsync($"/api/v1/me/cards/{otherCard}/transactions"), HttpStatusCode.NotFound, "card_not_found");
        await ProblemAssert.IsAsync(await me.Http.GetAsync($"/api/v1/me/code?cardNo={otherCard}"), HttpStatusCode.NotFound, "card_not_found");
        await ProblemAssert.IsAsync(await me.Http.GetAsync($"/api/v1/cards/{otherCard}"), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await me.Http.GetAsync($"/api/v1/members/{memberId}"), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await me.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/top-ups", new { amount = 1, storeId = "S001" }),
            HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await admin.Http.GetAsync("/api/v1/me"), HttpStatusCode.Forbidden, "forbidden");

        // A phone change ends the member's sessions at once, and a code the old phone got before it signs in nobody.
        clock.Advance(PhoneSignInGrain.ResendAfter);
        await PosClient.ExpectAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/code", new { phone }), HttpStatusCode.Accepted);
        var before = await CodeSentToAsync(phone, skip: 1);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PatchAsJsonAsync($"/api/v1/members/{memberId}",
            new { phone = PosClient.UniquePhone(), reason = "new SIM, ID checked" })).StatusCode);
        await ProblemAssert.IsAsync(await me.Http.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAssert.IsAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/token", new { phone, code = before }),
            HttpStatusCode.Unauthorized, "sign_in_code_expired");
    }

    [Fact]
    public async Task FiveWrongCodesLockThePhoneAndAnExpiredCodeSignsInNobody()
    {
        var clock = new FakeTimeProvider(DomainApi.Start);
        await using var app = await StartAsync(DomainApi.WithClock(clock));
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var (phone, _, _) = await MemberWithCardAsync(admin);
        var anonymous = app.CreateClientWithKey(null);

        await PosClient.ExpectAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/code", new { phone }), HttpStatusCode.Accepted);
        await ProblemAssert.IsAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/code", new { phone }), HttpStatusCode.TooManyRequests, "rate_limited");
        var code = await CodeSentToAsync(phone);
        clock.Advance(PhoneSignInGrain.CodeLifetime);
        await ProblemAssert.IsAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/token", new { phone, code }), HttpStatusCode.Unauthorized,
            "sign_in_code_expired");

        await PosClient.ExpectAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/code", new { phone }), HttpStatusCode.Accepted);
        code = await CodeSentToAsync(phone, skip: 1);
        for (var i = 1; i < PhoneSignInGrain.MaxTries; i++)
        {
            var wrong = await ProblemAssert.IsAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/token", new { phone, code = Other(code) }),
                HttpStatusCode.Unauthorized, "sign_in_code_invalid");
            Assert.Contains($"{PhoneSignInGrain.MaxTries - i} tr", wrong.Text("detail"));
        }
        var locked = await anonymous.PostAsJsonAsync("/api/v1/member-auth/token", new { phone, code = Other(code) });
        Assert.NotNull(locked.Headers.RetryAfter);
        await ProblemAssert.IsAsync(locked, HttpStatusCode.TooManyRequests, "rate_limited");
        // Locked: even the right code is refused until the lock runs out.
        await ProblemAssert.IsAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/token", new { phone, code }), HttpStatusCode.TooManyRequests,
            "rate_limited");
    }

    [Fact]
    public async Task ATillTakesTheMemberCodeOnceForAPaymentAndRefusesAReplayOrAForgery()
    {
        var clock = new FakeTimeProvider(DomainApi.Start);
        await using var app = await StartAsync(DomainApi.WithClock(clock));
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var (phone, _, cardNo) = await MemberWithCardAsync(admin);
        var me = await SignInAsync(app, phone);

        var code = (await me.GetJsonAsync("/api/v1/me/code")).Text("code");
        Assert.Matches("^9[0-9]{17}$", code);
        Assert.Equal(cardNo, (await admin.GetCardAsync(code)).Text("cardNo"));
        var paid = await PosClient.ExpectAsync(await admin.PostPurchaseAsync(code, PosClient.Purchase("O-1", "S001", 1_000, 1_000), "k-1"), HttpStatusCode.Created);
        // The till's own retry replays; anything else with the same code is a replay of the code.
        Assert.Equal(paid.Text("transactionId"), (await PosClient.ExpectAsync(
            await admin.PostPurchaseAsync(code, PosClient.Purchase("O-1", "S001", 1_000, 1_000), "k-1"), HttpStatusCode.Created)).Text("transactionId"));
        await ProblemAssert.IsAsync(await admin.PostPurchaseAsync(code, PosClient.Purchase("O-2", "S001", 1_000, 1_000), "k-2"), HttpStatusCode.Conflict,
            "member_code_used");
        await ProblemAssert.IsAsync(await admin.PostTopUpAsync(code, new { amount = 100, storeId = "S001" }, "k-3"), HttpStatusCode.Conflict, "member_code_used");
        await ProblemAssert.IsAsync(await admin.Http.GetAsync($"/api/v1/cards/{code}"), HttpStatusCode.Conflict, "member_code_used");
        await ProblemAssert.IsAsync(await admin.Http.GetAsync($"/api/v1/cards/{Forged(code)}"), HttpStatusCode.Conflict, "member_code_invalid");
        await ProblemAssert.IsAsync(await admin.Http.GetAsync("/api/v1/cards/912345678900000000"), HttpStatusCode.Conflict, "member_code_invalid");

        // The next minute's code works (a top-up consumes it too); two minutes on, it is expired.
        clock.Advance(TimeSpan.FromMinutes(1));
        var next = (await me.GetJsonAsync("/api/v1/me/code")).Text("code");
        await PosClient.ExpectAsync(await admin.PostTopUpAsync(next, new { amount = 100, storeId = "S001" }, "k-4"), HttpStatusCode.Created);
        clock.Advance(TimeSpan.FromMinutes(1));
        var later = (await me.GetJsonAsync("/api/v1/me/code")).Text("code");
        clock.Advance(TimeSpan.FromMinutes(2));
        await ProblemAssert.IsAsync(await admin.Http.GetAsync($"/api/v1/cards/{later}"), HttpStatusCode.Conflict, "member_code_invalid");

        // A frozen card's codes stop at once.
        var fresh = (await me.GetJsonAsync("/api/v1/me/code")).Text("code");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PostAsJsonAsync($"/api/v1/cards/{cardNo}/freeze", new { reason = "lost phone" })).StatusCode);
        await ProblemAssert.IsAsync(await admin.Http.GetAsync($"/api/v1/cards/{fresh}"), HttpStatusCode.Conflict, "member_code_invalid");
        await ProblemAssert.IsAsync(await me.Http.GetAsync("/api/v1/me/code"), HttpStatusCode.NotFound, "card_not_found");
        await admin.AssertLedgerSumsAsync(cardNo);
        Assert.Equal(4_100L, (await admin.GetCardAsync(cardNo)).Long("balance"));
    }

    [Fact]
    public async Task TwoTillsWithTheSameMemberCodeAtOnceExactlyOnePays()
    {
        await using var app = await StartAsync();
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var (phone, _, cardNo) = await MemberWithCardAsync(admin);
        var me = await SignInAsync(app, phone);
        var code = (await me.GetJsonAsync("/api/v1/me/code")).Text("code");
        var tills = Enumerable.Range(1, 2).Select(_ => app.CreateAdminPos()).ToList();

        var answers = await Task.WhenAll(tills.Select((till, i) =>
            till.PostPurchaseAsync(code, PosClient.Purchase($"O-{i}", "S001", 2_000, 2_000), $"race-{i}")));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        await ProblemAssert.IsAsync(answers.Single(a => a.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict, "member_code_used");
        Assert.Equal(3_000L, (await admin.GetCardAsync(cardNo)).Long("balance"));
    }

    private Task<MemberCardApplication> StartAsync(Action<IServiceCollection>? services = null) =>
        MemberCardApplication.StartAsync(StorageKind.Sqlite, Settings, s =>
        {
            s.AddSingleton<INotificationSender>(new PhoneChangeApiTests.CapturingSender(_sent));
            services?.Invoke(s);
        });

    private static async Task<(string Phone, string MemberId, string CardNo)> MemberWithCardAsync(PosClient admin)
    {
        var phone = PosClient.UniquePhone();
        var member = await PosClient.ExpectAsync(await admin.PostMemberAsync(new { phone, storeId = "S001", name = "Li Lei", email = "lilei@example.com" }),
            HttpStatusCode.Created);
        var cardNo = (await admin.IssueCardAsync(member.Text("memberId"))).Text("cardNo");
        await admin.TopUpAsync(cardNo, 5_000, "S001");
        return (phone, member.Text("memberId"), cardNo);
    }

    private async Task<PosClient> SignInAsync(MemberCardApplication app, string phone)
    {
        var anonymous = app.CreateClientWithKey(null);
        await PosClient.ExpectAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/code", new { phone }), HttpStatusCode.Accepted);
        var code = await CodeSentToAsync(phone);
        var token = await PosClient.ExpectAsync(await anonymous.PostAsJsonAsync("/api/v1/member-auth/token", new { phone, code }), HttpStatusCode.OK);
        return MemberClient(app, token.Text("accessToken"));
    }

    private static PosClient MemberClient(MemberCardApplication app, string token)
    {
        var http = app.CreateClientWithKey(null);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new PosClient(http);
    }

    private async Task<string> CodeSentToAsync(string phone, int skip = 0)
    {
        for (var i = 0; i < 500; i++)
        {
            if (_sent.Where(b => b.Template == NotificationTemplates.SignInCode && b.To == phone).Skip(skip).FirstOrDefault() is { } body)
                return Regex.Match(body.Text, "[0-9]{6}").Value;
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException("No sign-in code was sent within 10 s.");
    }

    private static string Shape(JsonElement answer) => string.Join(",", answer.EnumerateObject().Select(p => $"{p.Name}={p.Value}"));

    private static string Other(string code) => code == "000000" ? "000001" : "000000";

    private static string Forged(string code) => code[..^1] + (char)('0' + (code[^1] - '0' + 1) % 10);
}
