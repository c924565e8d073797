using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MemberCard.Storage.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Api.Tests;

public sealed class ReportApiTests
{
    internal static readonly Dictionary<string, string?> FastStreams = new()
    {
        ["Streams:PollInterval"] = "00:00:00.020",
        ["Streams:RetryDelay"] = "00:00:00",
        ["Streams:MaxAttempts"] = "2",
        ["Rules:TopUpBonus:0:MinAmount"] = "10000",
        ["Rules:TopUpBonus:0:Bonus"] = "2000",
    };

    [Fact]
    public async Task SummaryShowsTheDaysFiguresPerStoreAndChainWide()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, FastStreams);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S1");
        await pos.CreateStoreAsync("S2");
        var a = await pos.RegisterMemberAsync("S1");
        var b = await pos.RegisterMemberAsync("S2");
        var cardA = (await pos.IssueCardAsync(a.GetProperty("memberId").GetString()!)).GetProperty("cardNo").GetString()!;
        var cardB = (await pos.IssueCardAsync(b.GetProperty("memberId").GetString()!)).GetProperty("cardNo").GetString()!;
        await pos.TopUpAsync(cardA, 10000, "S1");
        await pos.TopUpAsync(cardB, 5000, "S2");
        await pos.PurchaseAsync(cardA, "P1", "S1", 3000, 3000);
        await pos.PurchaseAsync(cardA, "P2", "S1", 1000, 1000);
        await pos.PurchaseAsync(cardB, "P3", "S1", 500, 500);
        await pos.RefundAsync(cardA, "P2", "S1", null);
        await WaitUntilDeliveredAsync(pos.Http);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");

        var s1 = (await pos.Http.GetFromJsonAsync<JsonElement>($"/api/v1/reports/stores/S1/summary?from={today}&to={today}")).GetProperty("items")[0];
        Assert.Equal((1L, 3L, 4500L, 2L, 2L), (s1.L("newMembers"), s1.L("purchases"), s1.L("purchaseAmount"), s1.L("activeMembers"), s1.L("purchasingMembers")));
        Assert.Equal(1.5m, s1.GetProperty("frequency").GetDecimal());
        Assert.Equal((1L, 10000L, 2000L, 1L, 1000L), (s1.L("topUps"), s1.L("topUpPrincipal"), s1.L("topUpBonus"), s1.L("refunds"), s1.L("refundAmount")));

        var chain = (await pos.Http.GetFromJsonAsync<JsonElement>($"/api/v1/reports/summary?from={today}&to={today}&period=month")).GetProperty("items")[0];
        Assert.Equal((2L, 2L, 15000L), (chain.L("newMembers"), chain.L("topUps"), chain.L("topUpPrincipal")));
        // Liability: 12000 + 5000 stored, 4500 spent, 1000 refunded.
        Assert.Equal(12000 + 5000 - 4500 + 1000, chain.L("balanceLiability"));
        var card = await pos.GetCardAsync(cardA);
        var cardB2 = await pos.GetCardAsync(cardB);
        Assert.Equal(card.GetProperty("balance").GetInt64() + cardB2.GetProperty("balance").GetInt64(), chain.L("balanceLiability"));
        Assert.Equal(card.GetProperty("points").GetInt64() + cardB2.GetProperty("points").GetInt64(), chain.L("pointsLiability"));
    }

    [Fact]
    public async Task WeeksAndMonthsRollUpTheDays()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, FastStreams);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S1");
        var card = await pos.NewCardAsync("S1");
        await pos.PurchaseAsync(card, "P1", "S1", 700, 0);
        await WaitUntilDeliveredAsync(pos.Http);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var weeks = await pos.Http.GetFromJsonAsync<JsonElement>($"/api/v1/reports/summary?from={today.AddDays(-20):yyyy-MM-dd}&to={today:yyyy-MM-dd}&period=week");
        var items = weeks.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("week", weeks.GetProperty("period").GetString());
        Assert.InRange(items.Count, 3, 4);
        Assert.All(items.Skip(1), w => Assert.Equal(DayOfWeek.Monday, DateOnly.Parse(w.GetProperty("from").GetString()!).DayOfWeek));
        Assert.Equal(1, items.Sum(w => w.L("purchases")));
        Assert.Equal(700, items[^1].L("purchaseAmount"));
    }

    [Fact]
    public async Task ExportStreamsOneCsvLinePerDayStoreAndType()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, FastStreams);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S1");
        await pos.CreateStoreAsync("S2");
        var card = await pos.NewCardAsync("S1");
        await pos.TopUpAsync(card, 10000, "S2");
        await pos.PurchaseAsync(card, "P1", "S1", 700, 700);
        await WaitUntilDeliveredAsync(pos.Http);

        var response = await pos.Http.GetAsync("/api/v1/reports/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("day,storeId,type,entries,amount,bonus", lines[0]);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        Assert.Contains(lines, l => l.StartsWith($"{today},\"S1\",\"purchase\",1,700,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{today},\"S2\",\"top_up\",1,10000,2000,", StringComparison.Ordinal));

        var s2 = await pos.Http.GetStringAsync("/api/v1/reports/stores/S2/export");
        Assert.DoesNotContain("\"S1\"", s2);
    }

    [Theory]
    [InlineData("/api/v1/reports/summary?from=2026-13-01")]
    [InlineData("/api/v1/reports/summary?from=2026-05-02&to=2026-05-01")]
    [InlineData("/api/v1/reports/summary?period=year")]
    [InlineData("/api/v1/reports/summary?from=2000-01-01&to=2026-01-01&period=day")]
    [InlineData("/api/v1/reports/cohorts?from=2026-5")]
    public async Task BadRangesAreValidationProblems(string url)
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite);
        var response = await app.CreateAdminClient().GetAsync(url);
        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task CohortsCountRegistrationsAndActiveMembersOfTheMonth()
    {
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, FastStreams);
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync("S1");
        var card = await pos.NewCardAsync("S1");
        await pos.RegisterMemberAsync("S1");
        await pos.PurchaseAsync(card, "P1", "S1", 100, 0);
        await WaitUntilDeliveredAsync(pos.Http);

        var cohorts = (await pos.Http.GetFromJsonAsync<JsonElement>("/api/v1/reports/cohorts")).GetProperty("items");
        var cohort = Assert.Single(cohorts.EnumerateArray());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM"), cohort.GetProperty("month").GetString());
        Assert.Equal(2, cohort.L("members"));
        Assert.Equal(1, cohort.GetProperty("activeByMonth")[0].GetInt64());
    }

    [Fact]
    public async Task AFailingConsumerDeadLettersAndAReplayDeliversAgain()
    {
        SwitchableConsumer.Fail = true;
        SwitchableConsumer.Delivered.Clear();
        await using var app = await MemberCardApplication.StartAsync(StorageKind.Sqlite, FastStreams,
            services => services.AddSingleton(new OutboxConsumerType(SwitchableConsumer.Name)));
        var pos = app.CreateAdminPos();
        await pos.CreateStoreAsync(SwitchableConsumer.Prefix + "1");
        await pos.CreateStoreAsync(SwitchableConsumer.Prefix + "2");
        await WaitUntilDeliveredAsync(pos.Http, allowDeadLetters: true);

        var letters = await pos.Http.GetFromJsonAsync<JsonElement>("/api/v1/admin/streams/dead-letters");
        var items = letters.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, l => Assert.Equal(("test-switch", "store.created", 2), (l.GetProperty("consumer").GetString(), l.GetProperty("kind").GetString(), l.GetProperty("attempts").GetInt32())));
        var streams = await pos.Http.GetFromJsonAsync<JsonElement>("/api/v1/admin/streams");
        Assert.Equal((2L, 0L), (streams.L("deadLetters"), streams.L("totalPending")));

        SwitchableConsumer.Fail = false;
        var replay = await pos.Http.PostAsync($"/api/v1/admin/streams/dead-letters/{items[0].GetProperty("id").GetInt64()}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await pos.Http.GetFromJsonAsync<JsonElement>("/api/v1/admin/streams")).L("deadLetters") != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "replay did not happen");
            await Task.Delay(20);
        }
        Assert.Single(SwitchableConsumer.Delivered);

        await ProblemAssert.IsAsync(await pos.Http.PostAsync("/api/v1/admin/streams/dead-letters/999999/replay", null), HttpStatusCode.NotFound, "not_found");
    }

    internal static async Task WaitUntilDeliveredAsync(HttpClient http, bool allowDeadLetters = false)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var streams = await http.GetFromJsonAsync<JsonElement>("/api/v1/admin/streams");
            if (!allowDeadLetters) Assert.Equal(0, streams.L("deadLetters"));
            if (streams.L("totalPending") == 0 && streams.GetProperty("queues").EnumerateArray().All(q => q.GetProperty("owner").ValueKind == JsonValueKind.String))
                return;
            Assert.True(DateTime.UtcNow < deadline, $"streams still behind: {streams}");
            await Task.Delay(20);
        }
    }
}

internal static class JsonLongs
{
    public static long L(this JsonElement element, string property) => element.GetProperty(property).GetInt64();
}
