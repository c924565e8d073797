using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MemberCard.Cli.Load;

/// <summary>
/// Makes what the tills need on one target: the stores, one member per card (unique phones: a random
/// prefix per target and run, then the card's index) and a first top-up per card so purchases can succeed.
/// </summary>
internal sealed class Seeder(PosApi api, LoadOptions options, string runId, int targetIndex)
{
    // 50000 reaches the top bonus step (+12000 with the default rules): about 62000 to start with, room
    // for dozens of purchases of 100–3000 and far below the 500000 cap that top-ups must respect.
    private const long FirstTopUp = 50_000;
    private const int Attempts = 5;

    private int _retries;

    /// <summary>Requests that were sent again after a 429, 503, 504 or transport error.</summary>
    public int Retries => _retries;

    public async Task<CardBook> SeedAsync(CancellationToken abort)
    {
        await CreateStoresAsync(abort);
        var cards = new SeededCard[options.Cards];
        var balances = new long[options.Cards];
        var phonePrefix = Random.Shared.Next(100_000, 1_000_000);
        var done = 0;
        var line = new ProgressLine();
        using var finished = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var progress = ShowProgressAsync(line, () => Volatile.Read(ref done), finished.Token);
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.SeedParallelism, CancellationToken = abort };
            await Parallel.ForEachAsync(Enumerable.Range(0, options.Cards), parallel, async (index, token) =>
            {
                (cards[index], balances[index]) = await SeedCardAsync(index, phonePrefix, token);
                Interlocked.Increment(ref done);
            });
        }
        finally
        {
            await finished.CancelAsync();
            await progress;
            line.End(ProgressText(done));
        }
        return new CardBook(cards, balances);
    }

    private async Task CreateStoresAsync(CancellationToken abort)
    {
        using var deadline = new RequestDeadline(options.RequestTimeout, abort);
        var buffer = new ResponseBuffer(1024);
        for (var store = 0; store < options.Stores; store++)
        {
            var storeId = options.StoreId(store);
            var body = new CreateStoreBody(storeId, $"Load test store {store + 1}");
            var result = await RetryAsync(() => api.PostAsync(api.Resolve("api/v1/stores"), body, CliJsonContext.Default.CreateStoreBody, null, buffer, deadline), abort);
            if (result.Status != 201 && result.Code != "store_exists") throw Refused($"creating store {storeId}", result);
        }
    }

    private async Task<(SeededCard Card, long Balance)> SeedCardAsync(int index, int phonePrefix, CancellationToken abort)
    {
        using var deadline = new RequestDeadline(options.RequestTimeout, abort);
        var buffer = new ResponseBuffer(1024);
        var storeId = options.StoreId(index);
        var memberId = await RegisterMemberAsync($"1{phonePrefix}{index:000000}", storeId, index, buffer, deadline, abort);

        var issued = await RetryAsync(() => api.PostEmptyAsync(api.Resolve($"api/v1/members/{memberId}/cards"), buffer, deadline), abort);
        if (issued.Status != 201) throw Refused($"issuing a card to member {memberId}", issued);
        var card = api.Card(Read(buffer, CliJsonContext.Default.CardDto).CardNo);

        var topUp = new TopUpBody(FirstTopUp, storeId);
        var key = $"{runId}-seed-t{targetIndex}-{index}";
        var topped = await RetryAsync(() => api.PostAsync(card.TopUps, topUp, CliJsonContext.Default.TopUpBody, key, buffer, deadline), abort);
        if (topped.Status != 201) throw Refused($"the first top-up of card {card.CardNo}", topped);
        return (card, Read(buffer, CliJsonContext.Default.TopUpDto).Balance);
    }

    private async Task<string> RegisterMemberAsync(string phone, string storeId, int index, ResponseBuffer buffer, RequestDeadline deadline, CancellationToken abort)
    {
        var body = new RegisterMemberBody(phone, $"Load Till Member {index + 1}", storeId);
        var result = await RetryAsync(() => api.PostAsync(api.Resolve("api/v1/members"), body, CliJsonContext.Default.RegisterMemberBody, null, buffer, deadline), abort);
        // member_exists: an earlier attempt whose answer was lost, or a phone prefix another run drew; either way the member is usable.
        if (result.Code == "member_exists")
        {
            var lookup = new LookupMemberBody(phone);
            result = await RetryAsync(() => api.PostAsync(api.Resolve("api/v1/members/lookup"), lookup, CliJsonContext.Default.LookupMemberBody, null, buffer, deadline), abort);
            if (result.Status != 200) throw Refused($"looking up the member with phone {phone}", result);
        }
        else if (result.Status != 201) throw Refused($"registering a member with phone {phone}", result);
        return Read(buffer, CliJsonContext.Default.MemberDto).MemberId;
    }

    private async Task<ApiResult> RetryAsync(Func<Task<ApiResult>> send, CancellationToken abort)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await send();
            var transient = result.Status is 0 or 429 or 503 or 504;
            if (!transient || attempt == Attempts) return result;
            Interlocked.Increment(ref _retries);
            await Task.Delay(TimeSpan.FromMilliseconds(250 * (1 << attempt)), abort);
        }
    }

    private string ProgressText(int done) => $"seeding {api.Target.Name}: {done}/{options.Cards} cards";

    private async Task ShowProgressAsync(ProgressLine line, Func<int> done, CancellationToken finished)
    {
        using var timer = new PeriodicTimer(ProgressLine.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(finished)) line.Show(ProgressText(done()));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static T Read<T>(ResponseBuffer buffer, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(buffer.Span, type) ?? throw new SeedingException($"The server answered null where a {typeof(T).Name} was expected.");
        }
        catch (JsonException e)
        {
            throw new SeedingException($"The server's answer is not a {typeof(T).Name}: {e.Message}");
        }
    }

    private SeedingException Refused(string what, ApiResult result) =>
        new($"seeding {api.Target.Name} ({api.Target.BaseUrl}): {what} answered {result.Label}.");
}
