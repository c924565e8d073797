using System.Net;
using System.Net.Http.Json;
using MemberCard.Abstractions.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MemberCard.Server.Api.Auth;
using Orleans;
using Orleans.Runtime;

namespace MemberCard.Api.Tests.Hardening;

/// <summary>
/// Disabling a staff account or changing its password ends the tokens issued before: at once on the silo that made the
/// change, within Auth:StaffStamp:Ttl (5 s) on the others (a change made straight on the directory grain stands for
/// one made through another silo). Tokens of accounts that do not change keep working.
/// </summary>
public sealed class StaffTokenRevocationApiTests
{
    private const string Password = SecurityApiTests.Password;
    private const string NewPassword = "a brand new passphrase";
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private Task<MemberCardApplication> StartAsync() =>
        MemberCardApplication.StartAsync(StorageKind.Sqlite, SecurityApiTests.Settings, DomainApi.WithClock(_clock));

    private static async Task<HttpClient> StaffAsync(MemberCardApplication app, string username, string role = "cashier") =>
        SecurityApiTests.WithBearer(app, await SecurityApiTests.StaffTokenAsync(app, username, role, Roles.IsStoreBound(role) ? "S001" : null));

    private static Task<HttpResponseMessage> ReadStoreAsync(HttpClient client) => client.GetAsync("/api/v1/stores/S001");

    private static async Task AssertWorksAsync(HttpClient client) => await PosClient.ExpectAsync(await ReadStoreAsync(client), HttpStatusCode.OK);

    private static async Task AssertEndedAsync(HttpClient client) =>
        await ProblemAssert.IsAsync(await ReadStoreAsync(client), HttpStatusCode.Unauthorized, "unauthorized");

    private static IStaffDirectoryGrain StaffDirectory(MemberCardApplication app) =>
        app.Services.GetRequiredService<IGrainFactory>().GetGrain<IStaffDirectoryGrain>("all");

    private static readonly AuditActor Elsewhere = new("test", Roles.Admin, null, "staff.disable", "test");

    [Fact]
    public async Task DisablingAnAccountEndsItsTokensAtOnceOnThisSiloAndLeavesOthersWorking()
    {
        await using var app = await StartAsync();
        await app.CreateAdminPos().CreateStoreAsync("S001");
        var li = await StaffAsync(app, "li.cashier");
        var wang = await StaffAsync(app, "wang.cashier");
        await AssertWorksAsync(li);

        await PosClient.ExpectAsync(await app.CreateAdminClient().PostAsync("/api/v1/staff/li.cashier/disable", null), HttpStatusCode.OK);

        await AssertEndedAsync(li);
        await AssertWorksAsync(wang);
        _clock.Advance(Ttl);
        await AssertEndedAsync(li);
        await AssertWorksAsync(wang);
    }

    [Fact]
    public async Task ADisableMadeOnAnotherSiloEndsTheTokensWithinTheTtl()
    {
        await using var app = await StartAsync();
        await app.CreateAdminPos().CreateStoreAsync("S001");
        var li = await StaffAsync(app, "li.cashier");
        await AssertWorksAsync(li);

        await StaffDirectory(app).DisableAsync("li.cashier", Elsewhere);

        // This silo was not told: it trusts its read for the TTL, and not a moment longer.
        _clock.Advance(Ttl - TimeSpan.FromMilliseconds(1));
        await AssertWorksAsync(li);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await AssertEndedAsync(li);
    }

    [Fact]
    public async Task APasswordChangeMadeOnAnotherSiloEndsTheTokensWithinTheTtl()
    {
        await using var app = await StartAsync();
        await app.CreateAdminPos().CreateStoreAsync("S001");
        var li = await StaffAsync(app, "li.cashier");
        var wang = await StaffAsync(app, "wang.cashier");
        await AssertWorksAsync(li);
        await AssertWorksAsync(wang);

        await StaffDirectory(app).ChangePasswordAsync(new ChangeStaffPassword("li.cashier", "pbkdf2-sha256$1000$AAAA$AAAA", Elsewhere));

        _clock.Advance(Ttl);
        await AssertEndedAsync(li);
        await AssertWorksAsync(wang);
    }

    [Fact]
    public async Task ChangingOnesOwnPasswordEndsEveryTokenOfTheAccountAndTheNewPasswordLogsIn()
    {
        await using var app = await StartAsync();
        await app.CreateAdminPos().CreateStoreAsync("S001");
        var li = await StaffAsync(app, "li.cashier");
        var second = SecurityApiTests.WithBearer(app, await LogInAsync(app, "li.cashier", Password));

        var changed = await li.PostAsJsonAsync("/api/v1/staff/li.cashier/password", new { currentPassword = Password, newPassword = NewPassword });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        await AssertEndedAsync(li);
        await AssertEndedAsync(second);
        await ProblemAssert.IsAsync(await LogInResponseAsync(app, "li.cashier", Password), HttpStatusCode.Unauthorized, "unauthorized");
        var renewed = SecurityApiTests.WithBearer(app, await LogInAsync(app, "li.cashier", NewPassword));
        await AssertWorksAsync(renewed);
        _clock.Advance(Ttl);
        await AssertWorksAsync(renewed);
    }

    [Fact]
    public async Task AnAdminSetsAnotherAccountsPasswordWithoutItsCurrentOne()
    {
        await using var app = await StartAsync();
        await app.CreateAdminPos().CreateStoreAsync("S001");
        var li = await StaffAsync(app, "li.cashier");

        var changed = await app.CreateAdminClient().PostAsJsonAsync("/api/v1/staff/LI.cashier/password", new { newPassword = NewPassword });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        await AssertEndedAsync(li);
        await AssertWorksAsync(SecurityApiTests.WithBearer(app, await LogInAsync(app, "li.cashier", NewPassword)));
    }

    [Fact]
    public async Task AWrongCurrentPasswordChangesNothingAndCountsAsAFailedLogIn()
    {
        await using var app = await StartAsync();
        await app.CreateAdminPos().CreateStoreAsync("S001");
        var li = await StaffAsync(app, "li.cashier");

        for (var i = 0; i < 5; i++)
        {
            await ProblemAssert.IsAsync(
                await li.PostAsJsonAsync("/api/v1/staff/li.cashier/password", new { currentPassword = "not the password", newPassword = NewPassword }),
                HttpStatusCode.Forbidden, "forbidden");
        }

        // The account's allowance (5) is used up: the next attempt is refused before any password is checked.
        var locked = await li.PostAsJsonAsync("/api/v1/staff/li.cashier/password", new { currentPassword = Password, newPassword = NewPassword });
        await ProblemAssert.IsAsync(locked, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(locked.Headers.RetryAfter);
        await AssertWorksAsync(li);
        _clock.Advance(Ttl);
        await AssertWorksAsync(li);
    }

    [Fact]
    public async Task StaffMayNotChangeAnotherAccountsPasswordNorLeaveOutTheirCurrentOne()
    {
        await using var app = await StartAsync();
        await app.CreateAdminPos().CreateStoreAsync("S001");
        var li = await StaffAsync(app, "li.cashier");
        var manager = await StaffAsync(app, "zhao.manager", "store_manager");

        await ProblemAssert.IsAsync(
            await manager.PostAsJsonAsync("/api/v1/staff/li.cashier/password", new { currentPassword = Password, newPassword = NewPassword }),
            HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(
            await li.PostAsJsonAsync("/api/v1/staff/li.cashier/password", new { newPassword = NewPassword }),
            HttpStatusCode.BadRequest, "validation_failed");
        await ProblemAssert.IsAsync(
            await li.PostAsJsonAsync("/api/v1/staff/li.cashier/password", new { currentPassword = Password, newPassword = "short" }),
            HttpStatusCode.BadRequest, "validation_failed");

        await AssertWorksAsync(li);
        await AssertWorksAsync(manager);
    }

    [Fact]
    public async Task TokensOfAnAccountThatDoesNotChangeKeepWorkingAcrossManyTtls()
    {
        await using var app = await StartAsync();
        await app.CreateAdminPos().CreateStoreAsync("S001");
        var li = await StaffAsync(app, "li.cashier");

        for (var i = 0; i < 5; i++)
        {
            await AssertWorksAsync(li);
            _clock.Advance(Ttl * 3);
        }
    }

    [Fact]
    public async Task ADirectoryThatCannotBeReadIsBridgedForMaxStaleThenFailsClosedWhileApiKeysCarryOn()
    {
        var reader = new BreakableReader();
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, SecurityApiTests.Settings, services =>
        {
            DomainApi.WithClock(_clock)(services);
            services.AddSingleton<IStaffStampReader>(sp => reader.Over(sp.GetRequiredService<IGrainFactory>()));
        });
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var li = await StaffAsync(app, "li.cashier");
        await AssertWorksAsync(li);

        reader.Broken = true;
        _clock.Advance(TimeSpan.FromSeconds(29));
        await AssertWorksAsync(li);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await ProblemAssert.IsAsync(await ReadStoreAsync(li), HttpStatusCode.ServiceUnavailable, "unavailable");
        await AssertWorksAsync(app.CreateAdminClient());

        reader.Broken = false;
        await AssertWorksAsync(li);
    }

    private sealed class BreakableReader : IStaffStampReader
    {
        private IStaffStampReader? _inner;

        public bool Broken { get; set; }

        public IStaffStampReader Over(IGrainFactory grains)
        {
            _inner = new GrainStaffStampReader(grains);
            return this;
        }

        public Task<StaffStamp?> ReadAsync(string username) =>
            Broken ? Task.FromException<StaffStamp?>(new SiloUnavailableException("the directory's silo is gone")) : _inner!.ReadAsync(username);
    }

    private static async Task<HttpResponseMessage> LogInResponseAsync(MemberCardApplication app, string username, string password) =>
        await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username, password });

    private static async Task<string> LogInAsync(MemberCardApplication app, string username, string password) =>
        (await PosClient.ExpectAsync(await LogInResponseAsync(app, username, password), HttpStatusCode.OK)).Text("accessToken");
}
