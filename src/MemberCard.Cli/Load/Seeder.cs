using MemberCard.Client;

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
        for (var store = 0; store < options.Stores; store++)
        {
            var request = new CreateStoreRequest(options.StoreId(store), $"Load test store {store + 1}");
            var created = await RetryAsync(() => api.CallAsync((client, token) => client.Stores.CreateAsync(request, token), 201, deadline), abort);
            if (created.Result.Status != 201 && created.Result.Code != "store_exists") throw Refused($"creating store {request.StoreId}", created.Result);
        }
    }

    private async Task<(SeededCard Card, long Balance)> SeedCardAsync(int index, int phonePrefix, CancellationToken abort)
    {
        using var deadline = new RequestDeadline(options.RequestTimeout, abort);
        var storeId = options.StoreId(index);
        var memberId = await RegisterMemberAsync($"1{phonePrefix}{index:000000}", storeId, index, deadline, abort);

        var issued = await RetryAsync(() => api.CallAsync((client, token) => client.Members.IssueCardAsync(memberId, null, token), 201, deadline), abort);
        if (issued.Answer is null) throw Refused($"issuing a card to member {memberId}", issued.Result);
        var card = new SeededCard(issued.Answer.CardNo);

        var topUp = new TopUpRequest(FirstTopUp, storeId);
        var key = $"{runId}-seed-t{targetIndex}-{index}";
        var topped = await RetryAsync(() => api.CallAsync((client, token) => client.Cards.TopUpAsync(card.CardNo, topUp, key, token), 201, deadline), abort);
        if (topped.Answer is null) throw Refused($"the first top-up of card {card.CardNo}", topped.Result);
        return (card, topped.Answer.Balance);
    }

    private async Task<string> RegisterMemberAsync(string phone, string storeId, int index, RequestDeadline deadline, CancellationToken abort)
    {
        var request = new RegisterMemberRequest(phone, $"Load Till Member {index + 1}", StoreId: storeId);
        var member = await RetryAsync(() => api.CallAsync((client, token) => client.Members.RegisterAsync(request, token), 201, deadline), abort);
        // member_exists: an earlier attempt whose answer was lost, or a phone prefix another run drew; either way the member is usable.
        if (member.Result.Code == "member_exists")
        {
            member = await RetryAsync(() => api.CallAsync((client, token) => client.Members.LookupByPhoneAsync(phone, token), 200, deadline), abort);
            if (member.Answer is null) throw Refused($"looking up the member with phone {phone}", member.Result);
        }
        else if (member.Answer is null) throw Refused($"registering a member with phone {phone}", member.Result);
        return member.Answer.MemberId;
    }

    private async Task<ApiCall<T>> RetryAsync<T>(Func<Task<ApiCall<T>>> send, CancellationToken abort) where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var call = await send();
            var transient = call.Result.Status is 0 or 429 or 503 or 504;
            if (!transient || attempt == Attempts) return call;
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

    private SeedingException Refused(string what, ApiResult result) =>
        new($"seeding {api.Target.Name} ({api.Target.BaseUrl}): {what} answered {result.Label}.");
}
