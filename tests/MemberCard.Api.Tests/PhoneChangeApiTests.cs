using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MemberCard.Grains.Members;
using MemberCard.Grains.Notifications;
using MemberCard.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Api.Tests;

/// <summary>
/// A phone change through the API: a till confirms with the code the new phone received (delivered through the
/// notification channel, addressed to that phone), a manager changes it with a reason; the old number is told; the
/// numbers and messages are never stored in clear, and erasure leaves the stored messages unreadable.
/// </summary>
public sealed class PhoneChangeApiTests
{
    private static readonly Dictionary<string, string?> Settings = new(ReportApiTests.FastStreams)
    {
        ["Notifications:WebhookUrl"] = "http://127.0.0.1:9/never-called",
        ["Notifications:PollInterval"] = "00:00:00.020",
    };

    [Fact]
    public async Task ATillConfirmsANewPhoneWithTheCodeItReceivedAndTheOldNumberIsTold()
    {
        var sent = new ConcurrentQueue<WebhookBody>();
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, Settings,
            s => s.AddSingleton<INotificationSender>(new CapturingSender(sent)));
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var key = await PosClient.ExpectAsync(await admin.Http.PostAsJsonAsync("/api/v1/api-keys", new { role = "terminal", storeId = "S001", name = "Till" }),
            HttpStatusCode.Created);
        var till = app.CreatePos(key.Text("apiKey"));
        var (oldPhone, newPhone, managerPhone) = (PosClient.UniquePhone(), PosClient.UniquePhone(), PosClient.UniquePhone());
        var memberId = (await till.RegisterMemberAsync("S001", oldPhone)).Text("memberId");
        var route = $"/api/v1/members/{memberId}";

        await ProblemAssert.IsAsync(await till.Http.PatchAsJsonAsync(route, new { phone = newPhone }), HttpStatusCode.Forbidden, "phone_code_required");
        await ProblemAssert.IsAsync(await till.Http.PostAsJsonAsync($"{route}/phone-change/confirm", new { code = "123456" }), HttpStatusCode.Conflict,
            "phone_change_not_requested");
        await ProblemAssert.ValidationAsync(await till.Http.PostAsJsonAsync($"{route}/phone-change", new { phone = "12" }), "phone");

        var open = await PosClient.ExpectAsync(await till.Http.PostAsJsonAsync($"{route}/phone-change", new { phone = newPhone }), HttpStatusCode.Accepted);
        Assert.Equal((Mask(newPhone), 5L), (open.Text("phone"), open.Long("triesLeft")));
        await ProblemAssert.IsAsync(await till.Http.PostAsJsonAsync($"{route}/phone-change", new { phone = newPhone }), HttpStatusCode.TooManyRequests, "rate_limited");
        var codeMessage = await SentAsync(sent, "phone_code");
        Assert.Equal((memberId, newPhone), (codeMessage.MemberId, codeMessage.To));
        var code = Regex.Match(codeMessage.Text, "[0-9]{6}").Value;

        await ProblemAssert.IsAsync(await till.Http.PostAsJsonAsync($"{route}/phone-change/confirm", new { code = code == "000000" ? "000001" : "000000" }),
            HttpStatusCode.BadRequest, "phone_code_invalid");
        var changed = await PosClient.ExpectAsync(await till.Http.PostAsJsonAsync($"{route}/phone-change/confirm", new { code }), HttpStatusCode.OK);

        Assert.Equal(Mask(newPhone), changed.Text("phone"));
        Assert.Equal(memberId, (await PosClient.ExpectAsync(await till.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone = newPhone }), HttpStatusCode.OK)).Text("memberId"));
        await ProblemAssert.IsAsync(await till.Http.PostAsJsonAsync("/api/v1/members/lookup", new { phone = oldPhone }), HttpStatusCode.NotFound, "member_not_found");
        var warning = await SentAsync(sent, "phone_changed");
        Assert.Equal(oldPhone, warning.To);
        Assert.Contains(Mask(newPhone), warning.Text);

        // A manager changes it directly, only with a reason.
        await ProblemAssert.ValidationAsync(await admin.Http.PatchAsJsonAsync(route, new { phone = managerPhone }), "reason");
        var byManager = await PosClient.ExpectAsync(await admin.Http.PatchAsJsonAsync(route, new { phone = managerPhone, reason = "old SIM lost, ID checked" }),
            HttpStatusCode.OK);
        Assert.Equal(Mask(managerPhone), byManager.Text("phone"));
        Assert.Equal(newPhone, (await SentAsync(sent, "phone_changed", skip: 1)).To);

        var audit = await PosClient.ExpectAsync(await admin.Http.GetAsync("/api/v1/audit?limit=200"), HttpStatusCode.OK);
        var actions = audit.Field("items").EnumerateArray().Where(e => e.Text("target") == memberId).Select(e => e.Text("action")).ToList();
        Assert.Contains("member.phone_change_request", actions);
        Assert.Contains("member.phone_change_confirm", actions);
        Assert.Contains("member.update", actions);

        // Stored messages are sealed: the table holds no number, and after erasure nobody can open them.
        var rows = await SealedRowsAsync(app.Services.GetRequiredService<IProjectionDatabase>(), memberId);
        Assert.Equal(3, rows.Count);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsync($"{route}/erase", null)).StatusCode);
        var messages = app.Services.GetRequiredService<PhoneMessages>();
        foreach (var row in rows) Assert.Null(await messages.OpenAsync(memberId, row));
        var files = SecurityApiTests.ReadSqliteFiles(app.StorageLocation);
        foreach (var phone in new[] { oldPhone, newPhone, managerPhone }) Assert.DoesNotContain(phone, files);
    }

    /// <summary>The latest phone-change code stored for <paramref name="memberId"/> (no webhook: the table is the channel), opened as the dispatcher would.</summary>
    internal static async Task<string> StoredCodeAsync(MemberCardApplication app, string memberId)
    {
        var database = app.Services.GetRequiredService<IProjectionDatabase>();
        for (var i = 0; i < 500; i++)
        {
            await using (var connection = await database.OpenAsync())
            await using (var command = Command(connection, null,
                "SELECT sealed FROM notifications WHERE member_id = @member AND template = 'phone_code' ORDER BY created_at DESC, id DESC", ("member", memberId)))
                if (await command.ExecuteScalarAsync() is string sealedMessage)
                    return Regex.Match((await app.Services.GetRequiredService<PhoneMessages>().OpenAsync(memberId, sealedMessage))!.Text, "[0-9]{6}").Value;
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException("No phone-change code was stored within 10 s.");
    }

    private static string Mask(string phone) => phone[..3] + "****" + phone[^4..];

    private static async Task<WebhookBody> SentAsync(ConcurrentQueue<WebhookBody> sent, string template, int skip = 0)
    {
        for (var i = 0; i < 500; i++)
        {
            if (sent.Where(b => b.Template == template).Skip(skip).FirstOrDefault() is { } body) return body;
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException($"No '{template}' message was sent within 10 s.");
    }

    private static async Task<List<string>> SealedRowsAsync(IProjectionDatabase database, string memberId)
    {
        var rows = new List<string>();
        await using var connection = await database.OpenAsync();
        await using var command = Command(connection, null, "SELECT sealed, body FROM notifications WHERE member_id = @member AND sealed IS NOT NULL", ("member", memberId));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Assert.DoesNotMatch("[0-9]{6}", reader.GetString(1));
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    /// <summary>Stands for the webhook: keeps every message it is asked to send.</summary>
    internal sealed class CapturingSender(ConcurrentQueue<WebhookBody> sent) : INotificationSender
    {
        public string Channel => "test";

        public Task<SendResult> SendAsync(WebhookBody message, CancellationToken cancellationToken)
        {
            sent.Enqueue(message);
            return Task.FromResult(new SendResult(true, 200, null));
        }
    }
}
