using System.Net.Http.Json;
using System.Text.Json;
using MemberCard.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Api.Tests.Notifications;

public sealed class NotificationFlowTests
{
    [Fact]
    public async Task CardTransactionsLeaveOneStoredMessagePerEventForTheMember()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, ReportApiTests.FastStreams);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S1");
        var member = await pos.RegisterMemberAsync("S1");
        var memberId = member.GetProperty("memberId").GetString()!;
        var card = (await pos.IssueCardAsync(memberId)).GetProperty("cardNo").GetString()!;
        await pos.TopUpAsync(card, 3000, "S1");
        await pos.PurchaseAsync(card, "P1", "S1", 2000, 2000);
        await pos.RefundAsync(card, "P1", "S1", 500);
        await ReportApiTests.WaitUntilDeliveredAsync(pos.Http);

        var database = app.Services.GetRequiredService<IProjectionDatabase>();
        await using var connection = await database.OpenAsync();
        await using var command = Command(connection, null, "SELECT template, body, status FROM notifications WHERE member_id = @member ORDER BY id", ("member", memberId));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string Template, string Body, string Status)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));

        Assert.Equal(["low_balance", "purchase", "refund", "top_up"], rows.Select(r => r.Template).Order());
        Assert.All(rows, r => Assert.Equal("stored", r.Status));
        Assert.Contains("¥30.00", rows.Single(r => r.Template == "top_up").Body);

        var listed = await pos.Http.GetFromJsonAsync<JsonElement>($"/api/v1/notifications?memberId={memberId}");
        Assert.Equal(4, listed.GetProperty("items").GetArrayLength());
        Assert.All(listed.GetProperty("items").EnumerateArray(), n => Assert.Equal(memberId, n.GetProperty("memberId").GetString()));
        await ProblemAssert.IsAsync(await pos.Http.GetAsync("/api/v1/notifications"), System.Net.HttpStatusCode.BadRequest, "validation_failed");
    }
}
