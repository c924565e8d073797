using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MemberCard.Testing;
using Xunit.Abstractions;

namespace MemberCard.Cluster.Tests;

/// <summary>
/// Three real server processes on loopback ports, one PostgreSQL database, fast membership. POS traffic goes
/// through all three while one silo is killed (SIGKILL) or restarted gracefully (SIGTERM); afterwards every card's
/// ledger is checked against what the tills were told.
/// </summary>
public sealed class ClusterFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ApiKey = "cluster-fault-test-admin-key-0123456789";
    private const int Cards = 24;
    private const int Tills = 16;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<SiloProcess> _silos = [];
    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> _acknowledged = new();
    private string? _database;
    private string? _certificate;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos) await silo.DisposeAsync();
        if (_database is not null) await TestPostgres.DropDatabaseAsync(_database);
        if (_certificate is not null) File.Delete(_certificate);
        _http.Dispose();
    }

    [PostgresFact]
    public async Task KillingASiloMidRunLosesAndDuplicatesNoAcknowledgedTransaction()
    {
        var driver = await StartClusterAsync();
        var cards = await SeedAsync(driver);
        var victim = _silos[2];
        var victimCard = await CardHostedOnAsync(victim, cards);

        using var stop = new CancellationTokenSource();
        var load = RunTillsAsync(driver, cards, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));

        victim.Kill();
        var sinceKill = Stopwatch.StartNew();
        driver.TakeOut(victim);
        var served = await driver.SendAsync(HttpMethod.Get, $"api/v1/cards/{victimCard}", null);
        var recovery = sinceKill.Elapsed;
        output.WriteLine($"card {victimCard} (was on the killed silo) served again {recovery.TotalSeconds:F2} s after SIGKILL");

        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        var requests = await load;
        output.WriteLine($"{requests} till requests, {driver.Acknowledged.Count} acknowledged money moves, {driver.Unavailable} answers 503/504, {driver.Retries} retries");

        Assert.Equal(victimCard, PosDriver.ReadString(served, "cardNo"));
        // Fast profile: a killed process refuses connections, so each probe round (1 s apart) fails at once; two
        // missed rounds per voter, two voters, then gossip: a few seconds. 10 s leaves room for a busy machine.
        Assert.InRange(recovery, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        await VerifyLedgersAsync(driver, cards);
    }

    [PostgresFact]
    public async Task RestartingASiloGracefullyUnderLoadFailsNoRequest()
    {
        var driver = await StartClusterAsync();
        var cards = await SeedAsync(driver);
        var leaving = _silos[1];

        using var stop = new CancellationTokenSource();
        var load = RunTillsAsync(driver, cards, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));

        // As a balancer would: out of rotation first, then SIGTERM; in-flight requests finish on it.
        driver.TakeOut(leaving);
        await Task.Delay(200);
        var stopping = Stopwatch.StartNew();
        await leaving.StopGracefullyAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"silo stopped gracefully in {stopping.Elapsed.TotalSeconds:F2} s");
        leaving.Start();
        await leaving.WaitReadyAsync(_http, TimeSpan.FromSeconds(60));
        driver.PutBack(leaving);
        await Task.Delay(TimeSpan.FromSeconds(2));

        await stop.CancelAsync();
        var requests = await load;
        output.WriteLine($"{requests} till requests, {driver.Acknowledged.Count} acknowledged, {driver.Unavailable} answers 503/504, {driver.Retries} retries");

        Assert.Empty(driver.Failures);
        Assert.Equal(0, driver.Unavailable);
        await VerifyLedgersAsync(driver, cards);
    }

    private async Task<PosDriver> StartClusterAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = $"oop-{Guid.NewGuid():N}"[..16];
        _certificate = ClusterCertificate.CreateFile(clusterId);
        for (var i = 0; i < 3; i++) _silos.Add(SiloProcess.Create($"silo{i}", _database, clusterId, ApiKey, _certificate));
        // One at a time: the first applies the migrations, the others find them done.
        foreach (var silo in _silos)
        {
            silo.Start();
            await silo.WaitReadyAsync(_http, TimeSpan.FromSeconds(60));
        }
        return new PosDriver(_http, ApiKey, _silos);
    }

    private static async Task<List<string>> SeedAsync(PosDriver driver)
    {
        await driver.SendAsync(HttpMethod.Post, "api/v1/stores", new { storeId = "S1", name = "Cluster test store" });
        var prefix = Random.Shared.Next(100, 999);
        var cards = await Task.WhenAll(Enumerable.Range(0, Cards).Select(async i =>
        {
            var member = await driver.SendAsync(HttpMethod.Post, "api/v1/members", new { phone = $"139{prefix}{i:00000}", name = $"M{i}", storeId = "S1" });
            var card = await driver.SendAsync(HttpMethod.Post, $"api/v1/members/{PosDriver.ReadString(member, "memberId")}/cards", new { });
            var cardNo = PosDriver.ReadString(card, "cardNo")!;
            await driver.SendAsync(HttpMethod.Post, $"api/v1/cards/{cardNo}/top-ups", new { amount = 50000, storeId = "S1" }, Guid.NewGuid().ToString("N"));
            return cardNo;
        }));
        return [.. cards];
    }

    private async Task<int> RunTillsAsync(PosDriver driver, List<string> cards, CancellationToken stop)
    {
        var requests = 0;
        await Task.WhenAll(Enumerable.Range(0, Tills).Select(till => Task.Run(async () =>
        {
            var random = new Random(till);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var card = cards[random.Next(cards.Count)];
                var key = Guid.NewGuid().ToString("N");
                JsonElement answer;
                if (random.Next(10) < 7)
                {
                    var amount = random.Next(100, 500);
                    answer = await driver.SendAsync(HttpMethod.Post, $"api/v1/cards/{card}/purchases",
                        new { orderNo = $"T{till}-{n}-{key[..6]}", storeId = "S1", amount, balanceAmount = amount }, key);
                }
                else
                {
                    answer = await driver.SendAsync(HttpMethod.Post, $"api/v1/cards/{card}/top-ups", new { amount = 1000, storeId = "S1" }, key);
                }
                Interlocked.Increment(ref requests);
                if (PosDriver.ReadString(answer, "transactionId") is { } transaction)
                {
                    driver.Acknowledged.Add(transaction);
                    _acknowledged.GetOrAdd(card, _ => []).Add(transaction);
                }
            }
        }, CancellationToken.None)));
        return requests;
    }

    private async Task<string> CardHostedOnAsync(SiloProcess silo, List<string> cards)
    {
        // Touch every card so each has an activation, then pick one Orleans placed on the victim (its silo port).
        var victim = new PosDriver(_http, ApiKey, [silo]);
        foreach (var card in cards) await victim.SendAsync(HttpMethod.Get, $"api/v1/cards/{card}", null);
        var hosted = new List<string>();
        foreach (var card in cards)
        {
            var location = await victim.SendAsync(HttpMethod.Get, $"api/v1/admin/cluster/grains/card/{card}", null);
            if (PosDriver.ReadString(location, "silo") is { } address && address.Contains($":{silo.SiloPort}@", StringComparison.Ordinal)) hosted.Add(card);
        }
        Assert.NotEmpty(hosted);
        return hosted[0];
    }

    private async Task VerifyLedgersAsync(PosDriver driver, List<string> cards)
    {
        var problems = new List<string>();
        foreach (var card in cards)
        {
            var state = await driver.SendAsync(HttpMethod.Get, $"api/v1/cards/{card}", null);
            var balance = PosDriver.ReadLong(state, "balance");
            var ledger = new List<(string Id, string? OrderNo, string? Type, long Delta)>();
            string? cursor = null;
            do
            {
                var page = await driver.SendAsync(HttpMethod.Get, $"api/v1/cards/{card}/transactions?limit=200" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), null);
                foreach (var item in page.GetProperty("items").EnumerateArray())
                    ledger.Add((PosDriver.ReadString(item, "transactionId")!, PosDriver.ReadString(item, "orderNo"), PosDriver.ReadString(item, "type"), PosDriver.ReadLong(item, "balanceDelta")));
                cursor = PosDriver.ReadString(page, "nextCursor");
            }
            while (cursor is not null);

            if (balance < 0) problems.Add($"{card}: negative balance {balance}");
            if (balance != ledger.Sum(e => e.Delta)) problems.Add($"{card}: balance {balance} but ledger sums to {ledger.Sum(e => e.Delta)}");
            foreach (var twice in ledger.GroupBy(e => e.Id).Where(g => g.Count() > 1)) problems.Add($"{card}: transaction {twice.Key} twice in the ledger");
            foreach (var twice in ledger.Where(e => e.Type == "purchase").GroupBy(e => e.OrderNo).Where(g => g.Count() > 1)) problems.Add($"{card}: order {twice.Key} charged twice");
            var ids = ledger.Select(e => e.Id).ToHashSet();
            foreach (var acknowledged in _acknowledged.GetValueOrDefault(card) ?? [])
                if (!ids.Contains(acknowledged)) problems.Add($"{card}: acknowledged transaction {acknowledged} is not in the ledger");
        }
        output.WriteLine($"verified {cards.Count} cards, {_acknowledged.Values.Sum(b => b.Count)} acknowledged transactions: {problems.Count} problems");
        Assert.Empty(problems);
        Assert.DoesNotContain(driver.Failures, f => !f.Contains("→ 5", StringComparison.Ordinal));
    }
}
