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
    private string _clusterId = "";

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
        var (victim, victimCard) = await ACardAndItsSiloAsync(_silos[1..], cards);

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
    public async Task AFrontDoorApartFromTheSilosLosesNoAcknowledgedWriteWhenASiloDiesBehindIt()
    {
        await StartClusterAsync(silos: 2, gateways: true);
        var frontDoor = SiloProcess.CreateFrontDoor("front-door", _database!, _clusterId, ApiKey, _certificate!);
        _silos.Add(frontDoor);
        frontDoor.Start();
        await frontDoor.WaitReadyAsync(_http, TimeSpan.FromSeconds(60));
        // Every till talks to the front door only; the silos' own REST ports are used just to find a card and the silo holding it.
        var driver = new PosDriver(_http, ApiKey, [frontDoor]);
        var cards = await SeedAsync(driver);
        // Orleans places activations by load, so either silo may hold them all: the victim is the one holding a card.
        var (victim, victimCard) = await ACardAndItsSiloAsync(_silos[..2], cards);

        using var stop = new CancellationTokenSource();
        var load = RunTillsAsync(driver, cards, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));
        victim.Kill();
        var served = await driver.SendAsync(HttpMethod.Get, $"api/v1/cards/{victimCard}", null);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        var requests = await load;
        output.WriteLine($"{requests} till requests through the front door, {driver.Acknowledged.Count} acknowledged money moves, "
            + $"{driver.Unavailable} answers 503/504, {driver.Retries} retries");

        Assert.Equal(victimCard, PosDriver.ReadString(served, "cardNo"));
        Assert.NotEmpty(driver.Acknowledged);
        Assert.True(await IsReadyAsync(frontDoor), "the front door is still ready with one silo left");
        Assert.False(frontDoor.HasExited);
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
        var marks = _silos.ToDictionary(s => s, s => s.LogLineCount);
        var stopping = Stopwatch.StartNew();
        await leaving.StopGracefullyAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"silo stopped gracefully in {stopping.Elapsed.TotalSeconds:F2} s");
        // A silo that leaves on purpose is normal: it exits with 0, and the others log no error about it (Orleans
        // still warns there about calls that were in flight to it, and the leaving silo about messages it could not
        // forward as it stopped: docs/cluster.md).
        Assert.Equal(0, leaving.ExitCode);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the others see it leave through the membership table
        // What each silo logged above information while one left (Orleans' own notices; docs/cluster.md).
        foreach (var silo in _silos)
            foreach (var line in silo.WarningsSince(marks[silo])) output.WriteLine($"{silo.Name}: {line}");
        Assert.All(_silos.Where(s => s != leaving), s => Assert.Empty(s.ErrorsSince(marks[s])));
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

    [PostgresFact]
    public async Task KillingTheSiloOfTheSharedGrainsSlowsNoWriteOnTheOthers()
    {
        var driver = await StartClusterAsync();
        var cards = await SeedAsync(driver);
        // Nine stores with a terminal key each, every key used once: store, key and rules grains spread over the silos.
        var terminals = new List<(string Store, PosDriver Till)>();
        for (var i = 0; i < 9; i++)
        {
            var store = $"K{i}";
            await driver.SendAsync(HttpMethod.Post, "api/v1/stores", new { storeId = store, name = $"Kill test store {i}" });
            var key = await driver.SendAsync(HttpMethod.Post, "api/v1/api-keys", new { role = "terminal", storeId = store, name = $"till {i}" });
            var till = new PosDriver(_http, PosDriver.ReadString(key, "apiKey")!, _silos);
            await TopUpAsync(till, cards[i], store);
            terminals.Add((store, till));
        }

        // The victim is the silo of the one rules catalogue; it also holds some of the store and key grains.
        var hosted = new Dictionary<SiloProcess, List<(string Type, string Key)>>();
        foreach (var silo in _silos) hosted[silo] = await ActivationsOnAsync(driver, silo);
        var victim = _silos.Single(s => hosted[s].Any(a => a.Type == "rules"));
        var survivors = _silos.Where(s => s != victim).ToList();
        var survivorCards = cards.Where(c => survivors.Any(s => hosted[s].Contains(("card", c)))).ToList();
        output.WriteLine($"{victim.Name} holds the rules grain, {hosted[victim].Count(a => a.Type == "store")} of 10 store grains and " +
            $"{hosted[victim].Count(a => a.Type == "apikey")} of 9 terminal key grains; {survivorCards.Count} cards live on the survivors");
        Assert.NotEmpty(survivorCards);

        // Steady state before the kill, as under POS load: every till has reached both survivors (each survivor has read
        // the shared state) and each survivor has routed to every card (Orleans' directory cache knows where they live).
        var tills = terminals.Select(t => (t.Store, Till: new PosDriver(_http, t.Till.ApiKey, survivors))).ToList();
        foreach (var (store, till) in tills)
            for (var n = 0; n < survivors.Count; n++) await TopUpAsync(till, survivorCards[n % survivorCards.Count], store);
        foreach (var survivor in survivors)
            foreach (var card in survivorCards) await new PosDriver(_http, ApiKey, [survivor]).SendAsync(HttpMethod.Get, $"api/v1/cards/{card}", null);

        victim.Kill();
        var sinceKill = Stopwatch.StartNew();
        var slowest = await Task.WhenAll(tills.Select((t, i) => Task.Run(async () =>
        {
            var worst = TimeSpan.Zero;
            for (var n = 0; sinceKill.Elapsed < TimeSpan.FromSeconds(1); n++)
            {
                var sent = Stopwatch.StartNew();
                await TopUpAsync(t.Till, survivorCards[(i + n) % survivorCards.Count], t.Store);
                if (sent.Elapsed > worst) worst = sent.Elapsed;
            }
            return worst;
        })));
        output.WriteLine($"slowest top-up sent in the first second after SIGKILL, to a card on a survivor: {slowest.Max().TotalMilliseconds:F0} ms");

        Assert.All(tills, t => Assert.Empty(t.Till.Failures));
        Assert.InRange(slowest.Max(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    private static async Task TopUpAsync(PosDriver till, string cardNo, string storeId)
    {
        var answer = await till.SendAsync(HttpMethod.Post, $"api/v1/cards/{cardNo}/top-ups", new { amount = 100, storeId }, Guid.NewGuid().ToString("N"), retry: false);
        Assert.NotNull(PosDriver.ReadString(answer, "transactionId"));
    }

    private static async Task<List<(string Type, string Key)>> ActivationsOnAsync(PosDriver driver, SiloProcess silo)
    {
        var answer = await driver.SendAsync(HttpMethod.Get, $"api/v1/admin/cluster/activations?silo={silo.SiloPort}&limit=10000", null);
        return [.. answer.GetProperty("items").EnumerateArray().Select(a => (PosDriver.ReadString(a, "type")!, PosDriver.ReadString(a, "key")!))];
    }

    [PostgresFact]
    public async Task ASiloStoppedWhileStartingExitsQuietly()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = $"oop-{Guid.NewGuid():N}"[..16];
        _certificate = ClusterCertificate.CreateFile(clusterId);
        var silo = SiloProcess.Create("starting", _database, clusterId, ApiKey, _certificate);
        _silos.Add(silo);
        silo.Start();
        // SIGTERM once the host runs (it has logged) and before the silo is ready (it is still joining the cluster).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (silo.LogLineCount == 0 && DateTime.UtcNow < deadline && !silo.HasExited) await Task.Delay(20);
        var ready = await IsReadyAsync(silo);
        silo.Terminate();
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"stopped {(ready ? "after" : "before")} it was ready; exit code {silo.ExitCode}");
        foreach (var line in silo.WarningsSince(0)) output.WriteLine($"{silo.Name}: {line}");

        Assert.False(ready);
        Assert.Equal(0, silo.ExitCode);
        // No crash: the cancelled start is not an unhandled exception (Orleans still logs its start being cancelled).
        Assert.DoesNotContain(silo.ErrorsSince(0), l => l.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    private async Task<bool> IsReadyAsync(SiloProcess silo)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(silo.BaseUrl, "health/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<PosDriver> StartClusterAsync(int silos = 3, bool gateways = false)
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        _clusterId = $"oop-{Guid.NewGuid():N}"[..16];
        _certificate = ClusterCertificate.CreateFile(_clusterId);
        for (var i = 0; i < silos; i++) _silos.Add(SiloProcess.Create($"silo{i}", _database, _clusterId, ApiKey, _certificate, gateways));
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

    private async Task<(SiloProcess Silo, string Card)> ACardAndItsSiloAsync(List<SiloProcess> candidates, List<string> cards)
    {
        // Touch every card through each candidate's REST port in turn so each has an activation, then ask where Orleans
        // placed them (ResourceOptimizedPlacement may put them all on one silo) and take a card on a candidate.
        var drivers = candidates.Select(s => new PosDriver(_http, ApiKey, [s])).ToList();
        for (var i = 0; i < cards.Count; i++) await drivers[i % drivers.Count].SendAsync(HttpMethod.Get, $"api/v1/cards/{cards[i]}", null);
        foreach (var card in cards)
        {
            var location = await drivers[0].SendAsync(HttpMethod.Get, $"api/v1/admin/cluster/grains/card/{card}", null);
            if (PosDriver.ReadString(location, "silo") is not { } address) continue;
            var host = candidates.FirstOrDefault(s => address.Contains($":{s.SiloPort}@", StringComparison.Ordinal));
            if (host is not null) return (host, card);
        }
        throw new Xunit.Sdk.XunitException($"no card is hosted on {string.Join(", ", candidates.Select(s => s.Name))}");
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
