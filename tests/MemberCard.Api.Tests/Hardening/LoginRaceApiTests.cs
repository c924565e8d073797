using System.Net;
using System.Net.Http.Json;
using MemberCard.Server.Api.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MemberCard.Api.Tests.Hardening;

/// <summary>
/// Log-ins sent all at once: the lock-out cannot be raced past its allowance (per account, per address), and
/// password hashing beyond its budget is refused at once. The throttle's clock is frozen, so a lock-out never runs
/// out during a test and the counts are exact.
/// </summary>
public sealed class LoginRaceApiTests
{
    private const string Password = SecurityApiTests.Password;

    private static Task<MemberCardApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        foreach (var (key, value) in SecurityApiTests.Settings) settings.TryAdd(key, value);
        return MemberCardApplication.StartAsync(StorageKind.Sqlite, settings,
            services => services.AddSingleton(sp => new LoginThrottle(clock, sp.GetRequiredService<IConfiguration>())));
    }

    private static Task<HttpResponseMessage> LogInAsync(HttpClient client, string username, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { username, password });

    [Fact]
    public async Task ThirtyConcurrentLogInsForOneAccountEvaluateNoMoreThanItsAllowance()
    {
        await using var app = await StartAsync(new()
        {
            ["Auth:FailedLoginsPerAccount"] = "5",
            ["Auth:FailedLoginsPerAddress"] = "1000",
            ["Auth:PasswordHashing:Concurrency"] = "30",
            ["Auth:PasswordHashing:QueueLimit"] = "30",
        });
        await SecurityApiTests.StaffTokenAsync(app, "fin", "finance", null);
        var client = app.CreateClient();

        // All wrong: a success resets the account's count by design, so a burst that held the right password could
        // legitimately evaluate more, depending on when its success lands.
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => LogInAsync(client, "fin", "wrong password!")));

        var evaluated = responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized);
        Assert.Equal(5, evaluated);
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests))
        {
            Assert.NotNull(refused.Headers.RetryAfter);
            await ProblemAssert.IsAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        }
        Assert.Equal(30, evaluated + responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        // The burst used the allowance up: even the right password waits for the lock-out now.
        await ProblemAssert.IsAsync(await LogInAsync(client, "fin", Password), HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task FortyConcurrentFailuresFromOneAddressEvaluateNoMoreThanItsAllowance()
    {
        await using var app = await StartAsync(new()
        {
            ["Auth:FailedLoginsPerAccount"] = "5",
            ["Auth:FailedLoginsPerAddress"] = "20",
            ["Auth:PasswordHashing:Concurrency"] = "40",
            ["Auth:PasswordHashing:QueueLimit"] = "40",
        });
        var client = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => LogInAsync(client, $"nobody{i}", "wrong password!")));

        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task LogInsBeyondTheHashingBudgetAreRefusedAtOnceWithRetryAfterAndTillsCarryOn()
    {
        await using var app = await StartAsync(new()
        {
            // Hashes slow enough (tens of milliseconds) that the burst overlaps; the throttle is out of the way.
            ["Auth:PasswordIterations"] = "100000",
            ["Auth:FailedLoginsPerAccount"] = "1000",
            ["Auth:FailedLoginsPerAddress"] = "1000",
            ["Auth:PasswordHashing:Concurrency"] = "1",
            ["Auth:PasswordHashing:QueueLimit"] = "1",
        });
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S001");
        var cardNo = await pos.NewCardAsync("S001");
        var client = app.CreateClient();

        var flood = Task.WhenAll(Enumerable.Range(0, 20).Select(i => LogInAsync(client, $"nobody{i}", "wrong password!")));
        var till = await pos.TopUpAsync(cardNo, 1000, "S001");
        var card = await pos.GetCardAsync(cardNo);
        var responses = await flood;

        Assert.Equal(till.Long("balance"), card.Long("balance"));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized), 1, 19);
        Assert.Equal(20, refused.Count + responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        foreach (var response in refused)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            await ProblemAssert.IsAsync(response, HttpStatusCode.TooManyRequests, "rate_limited");
        }
        // A refusal for want of hashing capacity is not a failure: the address is not locked.
        Assert.Equal(HttpStatusCode.Unauthorized, (await LogInAsync(client, "nobody", "wrong password!")).StatusCode);
    }
}
