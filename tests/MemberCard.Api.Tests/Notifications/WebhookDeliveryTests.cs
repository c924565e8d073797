using Microsoft.Extensions.Time.Testing;
using System.Collections.Concurrent;
using System.Text.Json;
using MemberCard.Grains.Members;
using MemberCard.Grains.Notifications;
using MemberCard.Grains.Privacy;
using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Api.Tests.Notifications;

/// <summary>
/// The webhook sender and dispatcher against a real HTTP receiver on loopback Kestrel that checks every signature
/// and fails the first attempts, on a SQLite notifications table and a manual clock.
/// </summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "webhook-test-secret";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<(string Id, bool SignatureValid)> _received = new();
    private readonly string _directory = TestSqlite.CreateDataDirectory();
    private int _failuresLeft;
    private WebApplication _receiver = null!;
    private SqliteGrainStorage _storage = null!;
    private SqliteProjectionDatabase _database = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hook", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var timestamp = context.Request.Headers[WebhookSender.TimestampHeader].ToString();
            var valid = context.Request.Headers[WebhookSender.SignatureHeader].ToString() == WebhookSender.Sign(Secret, timestamp, body);
            _received.Enqueue((context.Request.Headers["X-MemberCard-Delivery"].ToString(), valid));
            if (!valid) return Results.StatusCode(401);
            return Interlocked.Decrement(ref _failuresLeft) >= 0 ? Results.StatusCode(503) : Results.Ok();
        });
        await _receiver.StartAsync();
        _storage = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = _directory }, _clock);
        await _storage.InitializeAsync();
        _database = new SqliteProjectionDatabase(_storage);
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _storage.DisposeAsync();
        TestSqlite.DeleteDataDirectory(_directory);
    }

    [Fact]
    public async Task FailedDeliveriesAreRetriedWithBackoffUntilTheSignedMessageIsAccepted()
    {
        _failuresLeft = 2;
        var (dispatcher, settings) = Dispatcher(Secret);
        await InsertPendingAsync("card/1:2:0:top_up");

        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        Assert.Equal(0, await dispatcher.DispatchDueAsync()); // waits its back-off
        _clock.Advance(settings.RetryDelay);
        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        _clock.Advance(settings.RetryDelay); // second back-off is twice as long
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        _clock.Advance(settings.RetryDelay);
        Assert.Equal(1, await dispatcher.DispatchDueAsync());

        Assert.Equal(3, _received.Count);
        Assert.All(_received, r => Assert.True(r.SignatureValid));
        Assert.All(_received, r => Assert.Equal("card/1:2:0:top_up", r.Id));
        Assert.Equal(("sent", 3L), await StatusAsync("card/1:2:0:top_up"));
        Assert.Equal([(1L, 503L, false), (2L, 503L, false), (3L, 200L, true)], await DeliveriesAsync("card/1:2:0:top_up"));
    }

    [Fact]
    public async Task AWrongSecretIsRefusedByTheReceiverAndTheMessageFailsAfterMaxAttempts()
    {
        var (dispatcher, settings) = Dispatcher("not-the-secret");
        await InsertPendingAsync("member/9:1:0:recall");

        for (var i = 0; i < settings.MaxAttempts; i++)
        {
            await dispatcher.DispatchDueAsync();
            _clock.Advance(settings.MaxRetryDelay);
        }
        await dispatcher.DispatchDueAsync();

        Assert.Equal(settings.MaxAttempts, _received.Count);
        Assert.All(_received, r => Assert.False(r.SignatureValid));
        Assert.Equal(("failed", (long)settings.MaxAttempts), await StatusAsync("member/9:1:0:recall"));
    }

    [Fact]
    public async Task AMessageSealedForAMemberWhoseKeyIsGoneFailsAtOnceUnsent()
    {
        var (dispatcher, _) = Dispatcher(Secret);
        await InsertPendingAsync("member/m1:3:0:phone_changed", "k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

        Assert.Equal(1, await dispatcher.DispatchDueAsync());

        Assert.Empty(_received);
        Assert.Equal(("failed", 1L), await StatusAsync("member/m1:3:0:phone_changed"));
        Assert.Equal([(1L, 0L, false)], await DeliveriesAsync("member/m1:3:0:phone_changed"));
    }

    [Fact]
    public async Task APhoneCodeOlderThanItsLifetimeIsFailedUnsentAndAMessageThatCannotBeOpenedIsRetried()
    {
        var (dispatcher, settings) = Dispatcher(Secret);
        // m2's key row holds something no master key opens (a retired key, a damaged row).
        await _storage.WriteAsync(new GrainWrite(new MemberCard.Runtime.GrainId("member", "m2"), 0,
            """{"dataKey":"m2.k","tier":"standard","cards":[],"createdAt":"2026-03-01T08:00:00Z","erased":false}""", _clock.GetUtcNow())
        {
            Claims = [new ClaimInsert(new ClaimKey(PersonalSealing.KeyScope, "m2.k"), "\"v1:retired:AAAA\"")],
        });
        // Without the lifetime check this code would be tried like the message below (and stay pending).
        await InsertPendingAsync("member/m2:4:0:phone_code", "k1:AAAA", template: "phone_code", member: "m2");
        await InsertPendingAsync("member/m2:5:0:phone_changed", "k1:AAAA", member: "m2");
        _clock.Advance(MemberGrain.CodeLifetime);

        Assert.Equal(2, await dispatcher.DispatchDueAsync());

        Assert.Empty(_received);
        Assert.Equal(("failed", 1L), await StatusAsync("member/m2:4:0:phone_code"));
        Assert.Equal(("pending", 1L), await StatusAsync("member/m2:5:0:phone_changed"));
        Assert.Equal([(1L, 0L, false)], await DeliveriesAsync("member/m2:5:0:phone_changed"));
        Assert.True(settings.MaxAttempts > 1);
    }

    [Fact]
    public void BackoffDoublesUpToTheCap()
    {
        var settings = new NotificationOptions { RetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMinutes(1) };
        Assert.Equal([5, 10, 20, 40, 60, 60], Enumerable.Range(1, 6).Select(a => NotificationDispatcher.Backoff(a, settings).TotalSeconds));
    }

    [Fact]
    public void TemplatesRenderMoneyFromIntegerFenAndAddLowBalance()
    {
        var json = JsonSerializer.Serialize(new { type = "purchase", cardNo = "8000000000001234", storeId = "S1", amount = 12345, balanceCharged = 12345, pointsEarned = 0, balance = 1999 });
        var messages = NotificationTemplates.Render("card.purchase", json, "m1", "card/8000000000001234:3:0", 2000);

        Assert.Equal(["purchase", "low_balance"], messages.Select(m => m.Template));
        Assert.Contains("¥123.45", messages[0].Text);
        Assert.Contains("*1234", messages[0].Text);
        Assert.Equal("card/8000000000001234:3:0:low_balance", messages[1].Id);
        Assert.Empty(NotificationTemplates.Render("card.frozen", "{}", "m1", "x", 2000));
    }

    private (NotificationDispatcher Dispatcher, NotificationOptions Settings) Dispatcher(string secret)
    {
        var address = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var settings = new NotificationOptions
        {
            WebhookUrl = new Uri(address + "/hook"), WebhookSecret = secret, MaxAttempts = 4,
            RetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMinutes(1),
        };
        var options = Options.Create(settings);
        var sender = new WebhookSender(new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), options, _clock);
        var messages = new PhoneMessages(_storage, new PersonalDataCipher(Options.Create(new PersonalDataOptions())));
        return (new NotificationDispatcher(_database, sender, messages, options, _clock, NullLogger<NotificationDispatcher>.Instance), settings);
    }

    private async Task InsertPendingAsync(string id, string? sealedMessage = null, string template = "top_up", string member = "m1")
    {
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, null, """
            INSERT INTO notifications (id, member_id, template, body, created_at, status, attempts, next_attempt_at, sealed)
            VALUES (@id, @member, @template, 'hello', @at, 'pending', 0, @at, @sealed)
            """, ("id", id), ("at", _database.Timestamp(_clock.GetUtcNow())), ("sealed", sealedMessage), ("template", template), ("member", member));
        await command.ExecuteNonQueryAsync();
    }

    private async Task<(string, long)> StatusAsync(string id)
    {
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, null, "SELECT status, attempts FROM notifications WHERE id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetInt64(1));
    }

    private async Task<List<(long, long, bool)>> DeliveriesAsync(string id)
    {
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, null, "SELECT attempt, status_code, succeeded FROM notification_deliveries WHERE notification_id = @id ORDER BY id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, long, bool)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt64(0), reader.IsDBNull(1) ? 0 : reader.GetInt64(1), reader.GetBoolean(2)));
        return rows;
    }
}
