using System.Net.Http.Json;
using System.Text.Json;
using MemberCard.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MemberCard.Api.Tests;

/// <summary>
/// The report figures against the ledger itself: after a randomized workload during which the server process is
/// killed (SIGKILL, while requests and stream delivery are in flight) and started again on the same database, every
/// ledger field summed by entry type in the reports equals the same sum over the card journals, exactly.
/// </summary>
public abstract class ReportTotalsApiTests
{
    private static readonly string[] Fields =
    [
        "amount", "bonus", "discount", "pointsRedeemed", "balanceCharged", "pointsEarned", "balanceRefunded",
        "pointsReversed", "pointsRestored", "balanceDelta", "pointsDelta",
    ];

    private static readonly string[] Stores = ["S1", "S2", "S3"];

    protected abstract StorageKind Storage { get; }

    [StorageFact]
    public async Task ReportTotalsEqualLedgerTotalsAfterAKillAndRestart()
    {
        var location = Storage == StorageKind.Sqlite ? TestSqlite.CreateDataDirectory() : await TestPostgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string>
        {
            ["Streams:PollInterval"] = "00:00:00.020",
            ["Streams:BatchSize"] = "16",
            ["Rules:TopUpBonus:0:MinAmount"] = "10000",
            ["Rules:TopUpBonus:0:Bonus"] = "1500",
            ["Rules:PointsPerYuan"] = "2",
        };
        if (Storage == StorageKind.Sqlite)
        {
            settings["Storage:Provider"] = "sqlite";
            settings["Storage:Sqlite:DataDirectory"] = location;
        }
        else
        {
            settings["Storage:Provider"] = "postgres";
            settings["Storage:Postgres:ConnectionString"] = location;
        }
        var random = new Random(20261122);
        var workload = new Workload(random);
        try
        {
            await using (var first = await ServerProcess.StartAsync(settings))
            {
                var pos = new PosClient(first.CreateAdminClient());
                foreach (var store in Stores) await pos.CreateStoreAsync(store);
                for (var i = 0; i < 10; i++) await workload.NewCardAsync(pos);
                // Four tills run random operations; the server is killed while they (and the stream agents) are busy.
                using var stop = new CancellationTokenSource();
                var tills = Enumerable.Range(0, 4).Select(_ => workload.RunAsync(new PosClient(first.CreateAdminClient()), 1000, stop.Token)).ToList();
                while (workload.Operations < 120) await Task.Delay(10);
                await first.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(tills);
            }

            await using var second = await ServerProcess.StartAsync(settings);
            var again = new PosClient(second.CreateAdminClient());
            for (var i = 0; i < 3; i++) await workload.NewCardAsync(again);
            await workload.RunAsync(again, 80, CancellationToken.None);

            var http = second.CreateAdminClient();
            await WaitUntilDeliveredAsync(http);
            var today = DateTime.UtcNow.Date;
            var report = await http.GetFromJsonAsync<JsonElement>(
                $"/api/v1/reports/summary?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}&period=day");
            var reported = new Dictionary<(string Type, string Field), long>();
            long entries = 0, newMembers = 0;
            foreach (var day in report.GetProperty("items").EnumerateArray())
            {
                newMembers += day.GetProperty("newMembers").GetInt64();
                foreach (var row in day.GetProperty("byType").EnumerateArray())
                {
                    var type = row.GetProperty("type").GetString()!;
                    entries += row.GetProperty("entries").GetInt64();
                    foreach (var field in Fields)
                        reported[(type, field)] = reported.GetValueOrDefault((type, field)) + row.GetProperty(field).GetInt64();
                }
            }
            var last = report.GetProperty("items").EnumerateArray().Last();

            var (ledger, ledgerEntries, members) = await ReadLedgerTotalsAsync(location);
            Assert.True(ledgerEntries > 150, $"only {ledgerEntries} ledger entries; the workload did too little");
            Assert.Equal(ledgerEntries, entries);
            Assert.Equal(ledger.OrderBy(k => k.Key).ToList(), reported.Where(k => ledger.ContainsKey(k.Key) || k.Value != 0).OrderBy(k => k.Key).ToList());
            Assert.Equal(ledger.Where(k => k.Key.Field == "balanceDelta").Sum(k => k.Value), last.GetProperty("balanceLiability").GetInt64());
            Assert.Equal(ledger.Where(k => k.Key.Field == "pointsDelta").Sum(k => k.Value), last.GetProperty("pointsLiability").GetInt64());
            Assert.Equal(members, newMembers);
            Assert.True(ledger.GetValueOrDefault(("top_up", "bonus")) > 0, "no top-up bonus in the workload");
            Assert.True(ledger.GetValueOrDefault(("refund", "amount")) > 0, "no refund in the workload");
        }
        finally
        {
            if (Storage == StorageKind.Sqlite) TestSqlite.DeleteDataDirectory(location);
            else await TestPostgres.DropDatabaseAsync(location);
        }
    }

    private static async Task WaitUntilDeliveredAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var streams = await http.GetFromJsonAsync<JsonElement>("/api/v1/admin/streams");
            Assert.Equal(0, streams.GetProperty("deadLetters").GetInt64());
            if (streams.GetProperty("totalPending").GetInt64() == 0) return;
            Assert.True(DateTime.UtcNow < deadline, $"streams still behind: {streams}");
            await Task.Delay(50);
        }
    }

    private async Task<(Dictionary<(string Type, string Field), long> Totals, long Entries, long Members)> ReadLedgerTotalsAsync(string location)
    {
        var payloads = new List<string>();
        long members;
        if (Storage == StorageKind.Sqlite)
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(location, "membercard.db")};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using (var command = new SqliteCommand("SELECT payload FROM grain_journal WHERE grain_type = 'card'", connection))
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync()) payloads.Add(reader.GetString(0));
            await using var count = new SqliteCommand("SELECT count(*) FROM grain_state WHERE grain_type = 'member'", connection);
            members = (long)(await count.ExecuteScalarAsync())!;
        }
        else
        {
            await using var dataSource = NpgsqlDataSource.Create(location);
            await using (var command = dataSource.CreateCommand("SELECT payload::text FROM grain_journal WHERE grain_type = 'card'"))
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync()) payloads.Add(reader.GetString(0));
            await using var count = dataSource.CreateCommand("SELECT count(*) FROM grain_state WHERE grain_type = 'member'");
            members = (long)(await count.ExecuteScalarAsync())!;
        }
        var totals = new Dictionary<(string, string), long>();
        foreach (var payload in payloads)
        {
            using var document = JsonDocument.Parse(payload);
            var type = document.RootElement.GetProperty("type").GetString()!;
            foreach (var field in Fields)
                totals[(type, field)] = totals.GetValueOrDefault((type, field)) + (document.RootElement.TryGetProperty(field, out var v) ? v.GetInt64() : 0);
        }
        return (totals, payloads.Count, members);
    }

    /// <summary>Random till operations over a shared set of cards; answers other than success are part of the game.</summary>
    private sealed class Workload(Random random)
    {
        private readonly Lock _lock = new();
        private readonly List<string> _cards = [];
        private readonly List<(string Card, string Order, string Store)> _purchases = [];
        private int _operations;
        private int _orders;

        public int Operations => Volatile.Read(ref _operations);

        public async Task NewCardAsync(PosClient pos)
        {
            var member = await pos.RegisterMemberAsync(Pick(Stores));
            var card = (await pos.IssueCardAsync(member.GetProperty("memberId").GetString()!)).GetProperty("cardNo").GetString()!;
            await pos.TopUpAsync(card, 20000, Pick(Stores));
            lock (_lock) _cards.Add(card);
        }

        public async Task RunAsync(PosClient pos, int count, CancellationToken cancellationToken)
        {
            for (var i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
            {
                try
                {
                    await OneAsync(pos);
                    Interlocked.Increment(ref _operations);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    return; // the server was killed under us
                }
            }
        }

        private async Task OneAsync(PosClient pos)
        {
            string card, store;
            int dice;
            (string Card, string Order, string Store)? purchase = null;
            lock (_lock)
            {
                card = _cards[random.Next(_cards.Count)];
                store = Stores[random.Next(Stores.Length)];
                dice = random.Next(10);
                if (dice >= 8 && _purchases.Count > 0) purchase = _purchases[random.Next(_purchases.Count)];
            }
            if (dice < 3)
            {
                await pos.PostTopUpAsync(card, new { amount = (long)random.Next(1, 40) * 500, storeId = store }, PosClient.NewKey());
            }
            else if (dice < 8 || purchase is null)
            {
                var amount = (long)random.Next(100, 8000);
                var order = $"O{Interlocked.Increment(ref _orders)}";
                var response = await pos.PostPurchaseAsync(card,
                    PosClient.Purchase(order, store, amount, random.Next(2) == 0 ? amount : amount / 2, random.Next(3) == 0 ? random.Next(0, 50) : 0), PosClient.NewKey());
                if (response.IsSuccessStatusCode) lock (_lock) _purchases.Add((card, order, store));
            }
            else
            {
                var (c, o, s) = purchase.Value;
                await pos.PostRefundAsync(c, PosClient.Refund(o, s, random.Next(2) == 0 ? null : random.Next(1, 100)), PosClient.NewKey());
            }
        }

        private string Pick(string[] items)
        {
            lock (_lock) return items[random.Next(items.Length)];
        }
    }
}

public sealed class SqliteReportTotalsApiTests : ReportTotalsApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresReportTotalsApiTests : ReportTotalsApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
