using MemberCard.Runtime;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Storage.Tests;

/// <summary>
/// The guarantees every <see cref="IGrainStorage"/> keeps, written once and run against each provider.
/// </summary>
/// <remarks>
/// One set of test bodies: they are <see cref="StorageFactAttribute"/> methods of this abstract class, and xunit
/// discovers them again in every concrete subclass (one per provider), which only says how to make a fresh
/// storage. A plain <c>[Fact]</c> could not be skipped for PostgreSQL alone, because its skip reason is fixed on
/// the method; <see cref="StorageFactDiscoverer"/> decides per concrete class instead, so the PostgreSQL class
/// (marked <see cref="RequiresPostgresAttribute"/>) is skipped on a machine without a configured server and runs,
/// or fails loudly, in CI. Each test gets a storage of its own, so tests never see each other's data.
/// </remarks>
public abstract class GrainStorageContractTests : IAsyncLifetime
{
    /// <summary>A write timestamp in UTC with millisecond precision, which every provider keeps exactly.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    private IGrainStorage? _storage;

    /// <summary>The fresh, initialized storage of the running test.</summary>
    protected IGrainStorage Storage => _storage ?? throw new InvalidOperationException("The storage is created in InitializeAsync.");

    /// <summary>Creates a fresh storage with an empty, initialized schema.</summary>
    protected abstract Task<IGrainStorage> CreateStorageAsync();

    /// <summary>Everything in the outbox of <see cref="Storage"/>, in outbox order.</summary>
    protected abstract Task<IReadOnlyList<OutboxRow>> ReadOutboxAsync();

    /// <summary>Releases whatever <see cref="CreateStorageAsync"/> made besides the storage.</summary>
    protected virtual Task CleanupAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task InitializeAsync() => _storage = await CreateStorageAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_storage is IAsyncDisposable disposable) await disposable.DisposeAsync();
        await CleanupAsync();
    }

    [StorageFact]
    public async Task FirstWriteAtVersionZeroCreatesStateAtVersionOne()
    {
        var grain = NewGrain();

        var version = await Storage.WriteAsync(new GrainWrite(grain, 0, """{"points":10}""", T0));

        Assert.Equal(1, version);
        Assert.Equal(1, (await Storage.ReadStateAsync(grain))?.Version);
    }

    [StorageFact]
    public async Task ReadReturnsStoredJsonVersionAndUtcTimestamp()
    {
        var grain = NewGrain();
        await Storage.WriteAsync(new GrainWrite(grain, 0, """{"points":10}""", T0));

        var version = await Storage.WriteAsync(new GrainWrite(grain, 1, """{"points":25,"tier":"gold"}""", T0.AddSeconds(5)));

        Assert.Equal(2, version);
        var state = await Storage.ReadStateAsync(grain);
        Assert.NotNull(state);
        AssertJson.Equal("""{"points":25,"tier":"gold"}""", state.Json);
        Assert.Equal(2, state.Version);
        Assert.Equal(T0.AddSeconds(5), state.UpdatedAt);
        Assert.Equal(TimeSpan.Zero, state.UpdatedAt.Offset);
    }

    [StorageFact]
    public async Task ReadOfNeverWrittenGrainReturnsNothing()
    {
        var grain = NewGrain();

        Assert.Null(await Storage.ReadStateAsync(grain));
        Assert.Empty(await Storage.ReadJournalAsync(grain, new JournalQuery(10)));
    }

    [StorageFact]
    public async Task WriteWithStaleVersionIsRefusedAndCommitsNothing()
    {
        var grain = NewGrain();
        await Storage.WriteAsync(new GrainWrite(grain, 0, """{"n":1}""", T0)
        {
            Journal = [new JournalAppend("opened", null, "{}")],
            Events = [new OutboxAppend("Opened", "{}")],
        });
        await Storage.WriteAsync(new GrainWrite(grain, 1, """{"n":2}""", T0.AddSeconds(1)));
        var claim = NewClaimKey("order");

        var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(
            new GrainWrite(grain, 1, """{"n":99}""", T0.AddSeconds(2))
            {
                Journal = [new JournalAppend("stale", "stale-correlation", "{}")],
                Events = [new OutboxAppend("Stale", "{}")],
                Claims = [new ClaimInsert(claim, "stale")],
            }));

        Assert.Equal(grain, refused.Grain);
        var state = await Storage.ReadStateAsync(grain);
        Assert.Equal(2, state?.Version);
        AssertJson.Equal("""{"n":2}""", state!.Json);
        Assert.Equal(["opened"], (await Storage.ReadJournalAsync(grain, new JournalQuery(10))).Select(e => e.Kind));
        Assert.Equal(["Opened"], (await ReadOutboxAsync()).Select(e => e.Kind));
        Assert.Null(await Storage.ReadClaimAsync(claim));
    }

    [StorageFact]
    public async Task WriteAtVersionZeroWhenStateExistsIsRefused()
    {
        var grain = NewGrain();
        await Storage.WriteAsync(new GrainWrite(grain, 0, """{"n":1}""", T0) { Journal = [new JournalAppend("first", null, "{}")] });

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(
            new GrainWrite(grain, 0, """{"n":2}""", T0) { Journal = [new JournalAppend("second", null, "{}")] }));

        AssertJson.Equal("""{"n":1}""", (await Storage.ReadStateAsync(grain))!.Json);
        Assert.Equal(["first"], (await Storage.ReadJournalAsync(grain, new JournalQuery(10))).Select(e => e.Kind));
    }

    [StorageFact]
    public async Task WriteExpectingStateThatWasNeverWrittenIsRefused()
    {
        var grain = NewGrain();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(new GrainWrite(grain, 3, "{}", T0)));

        Assert.Null(await Storage.ReadStateAsync(grain));
    }

    [StorageFact]
    public async Task ConcurrentWritersAtSameVersionHaveExactlyOneWinner()
    {
        var grain = NewGrain();

        // Creation (insert) and update (compare-and-swap) race through different statements; both must hold.
        var creator = Assert.Single(await RaceAsync(grain, expectedVersion: 0, writers: 20), w => w >= 0);
        var updater = Assert.Single(await RaceAsync(grain, expectedVersion: 1, writers: 20), w => w >= 0);

        var state = await Storage.ReadStateAsync(grain);
        Assert.Equal(2, state?.Version);
        AssertJson.Equal($$"""{"writer":{{updater}}}""", state!.Json);
        var journal = await Storage.ReadJournalAsync(grain, new JournalQuery(100));
        Assert.Equal([$"w{updater}", $"w{creator}"], journal.Select(e => e.Kind));
        Assert.Equal([$"E{creator}", $"E{updater}"], (await ReadOutboxAsync()).Select(e => e.Kind));
    }

    [StorageFact]
    public async Task ClaimConflictNamesExactlyTheHeldKeysAndCommitsNothing()
    {
        var holder = NewGrain("order");
        var taker = NewGrain("order");
        var (first, second, free) = (NewClaimKey("order-number"), NewClaimKey("order-number"), NewClaimKey("order-number"));
        await Storage.WriteAsync(new GrainWrite(holder, 0, "{}", T0) { Claims = [new ClaimInsert(first, "h1"), new ClaimInsert(second, "h2")] });

        var conflict = await Assert.ThrowsAsync<ClaimConflictException>(() => Storage.WriteAsync(
            new GrainWrite(taker, 0, """{"taker":true}""", T0)
            {
                Claims = [new ClaimInsert(free, "t"), new ClaimInsert(second, "t"), new ClaimInsert(first, "t")],
                Journal = [new JournalAppend("taken", null, "{}")],
                Events = [new OutboxAppend("Taken", "{}")],
            }));

        Assert.Equal(2, conflict.Conflicts.Count);
        Assert.Equal(new HashSet<ClaimKey> { first, second }, conflict.Conflicts.ToHashSet());
        Assert.Null(await Storage.ReadStateAsync(taker));
        Assert.Empty(await Storage.ReadJournalAsync(taker, new JournalQuery(10)));
        Assert.Empty(await ReadOutboxAsync());
        Assert.Null(await Storage.ReadClaimAsync(free));
        Assert.Equal(holder, (await Storage.ReadClaimAsync(first))?.Owner);
        Assert.Equal("h2", (await Storage.ReadClaimAsync(second))?.Value);
    }

    [StorageFact]
    public async Task VersionMismatchTakesPrecedenceOverClaimConflict()
    {
        var holder = NewGrain();
        var grain = NewGrain();
        var claim = NewClaimKey("phone");
        await Storage.WriteAsync(new GrainWrite(holder, 0, "{}", T0) { Claims = [new ClaimInsert(claim, "holder")] });
        await Storage.WriteAsync(new GrainWrite(grain, 0, "{}", T0));

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(
            new GrainWrite(grain, 0, "{}", T0) { Claims = [new ClaimInsert(claim, "stale")] }));
    }

    [StorageFact]
    public async Task ConcurrentClaimsOfOneKeyHaveExactlyOneWinner()
    {
        var claim = NewClaimKey("idempotency");
        var grains = Enumerable.Range(0, 20).Select(_ => NewGrain()).ToList();

        var outcomes = await Task.WhenAll(grains.Select(grain => Task.Run(async () =>
        {
            try
            {
                await Storage.WriteAsync(new GrainWrite(grain, 0, "{}", T0) { Claims = [new ClaimInsert(claim, grain.Key)] });
                return true;
            }
            catch (ClaimConflictException e)
            {
                Assert.Equal([claim], e.Conflicts);
                return false;
            }
        })));

        var winner = grains[Array.IndexOf(outcomes, Assert.Single(outcomes, won => won))];
        var held = await Storage.ReadClaimAsync(claim);
        Assert.Equal(winner, held?.Owner);
        Assert.Equal(winner.Key, held?.Value);
    }

    [StorageFact]
    public async Task ExpiredClaimCanBeTakenOver()
    {
        var claim = NewClaimKey("reservation");
        var holder = NewGrain();
        var taker = NewGrain();
        await Storage.WriteAsync(new GrainWrite(holder, 0, "{}", T0) { Claims = [new ClaimInsert(claim, "holder", TruncatedNow().AddSeconds(-1))] });

        await Storage.WriteAsync(new GrainWrite(taker, 0, "{}", T0) { Claims = [new ClaimInsert(claim, "taker")] });

        var held = await Storage.ReadClaimAsync(claim);
        Assert.Equal(taker, held?.Owner);
        Assert.Equal("taker", held?.Value);
        Assert.Null(held?.ExpiresAt);
    }

    [StorageFact]
    public async Task LiveClaimCannotBeTakenOverEvenByItsOwner()
    {
        var claim = NewClaimKey("reservation");
        var holder = NewGrain();
        var taker = NewGrain();
        await Storage.WriteAsync(new GrainWrite(holder, 0, "{}", T0) { Claims = [new ClaimInsert(claim, "holder", TruncatedNow().AddHours(1))] });

        var conflict = await Assert.ThrowsAsync<ClaimConflictException>(() =>
            Storage.WriteAsync(new GrainWrite(taker, 0, "{}", T0) { Claims = [new ClaimInsert(claim, "taker")] }));
        await Assert.ThrowsAsync<ClaimConflictException>(() =>
            Storage.WriteAsync(new GrainWrite(holder, 1, "{}", T0) { Claims = [new ClaimInsert(claim, "again")] }));

        Assert.Equal([claim], conflict.Conflicts);
        var held = await Storage.ReadClaimAsync(claim);
        Assert.Equal(holder, held?.Owner);
        Assert.Equal("holder", held?.Value);
        Assert.Equal(1, (await Storage.ReadStateAsync(holder))?.Version);
    }

    [StorageFact]
    public async Task ReadClaimReturnsOwnerGrainValueAndTimes()
    {
        var owner = NewGrain("card");
        var (expiring, permanent) = (NewClaimKey("order-number"), NewClaimKey("phone-hash"));
        var expiresAt = new DateTimeOffset(2100, 1, 1, 0, 0, 0, 456, TimeSpan.Zero);
        await Storage.WriteAsync(new GrainWrite(owner, 0, "{}", T0)
        {
            Claims = [new ClaimInsert(expiring, "order-7", expiresAt), new ClaimInsert(permanent, "member-9")],
        });

        Assert.Equal(new StoredClaim(expiring, owner, "order-7", T0, expiresAt), await Storage.ReadClaimAsync(expiring));
        Assert.Equal(new StoredClaim(permanent, owner, "member-9", T0, null), await Storage.ReadClaimAsync(permanent));
        Assert.Null(await Storage.ReadClaimAsync(new ClaimKey(expiring.Scope + "-other", expiring.Key)));
    }

    [StorageFact]
    public async Task ReadClaimIgnoresExpiredClaims()
    {
        var claim = NewClaimKey("reservation");
        await Storage.WriteAsync(new GrainWrite(NewGrain(), 0, "{}", T0) { Claims = [new ClaimInsert(claim, "gone", TruncatedNow().AddSeconds(-1))] });

        Assert.Null(await Storage.ReadClaimAsync(claim));
    }

    [StorageFact]
    public async Task RepeatedClaimKeyInOneWriteKeepsTheLastValue()
    {
        var claim = NewClaimKey("order-number");

        await Storage.WriteAsync(new GrainWrite(NewGrain(), 0, "{}", T0) { Claims = [new ClaimInsert(claim, "first"), new ClaimInsert(claim, "last")] });

        Assert.Equal("last", (await Storage.ReadClaimAsync(claim))?.Value);
    }

    [StorageFact]
    public async Task ReleasedClaimCanBeTakenByAnotherGrain()
    {
        var claim = NewClaimKey("phone-hash");
        var holder = NewGrain();
        var taker = NewGrain();
        await Storage.WriteAsync(new GrainWrite(holder, 0, "{}", T0) { Claims = [new ClaimInsert(claim, "holder")] });

        await Storage.WriteAsync(new GrainWrite(holder, 1, "{}", T0) { ReleasedClaims = [claim] });
        Assert.Null(await Storage.ReadClaimAsync(claim));
        await Storage.WriteAsync(new GrainWrite(taker, 0, "{}", T0) { Claims = [new ClaimInsert(claim, "taker")] });

        Assert.Equal(taker, (await Storage.ReadClaimAsync(claim))?.Owner);
    }

    [StorageFact]
    public async Task ReleasingAClaimHeldByAnotherGrainChangesNothing()
    {
        var claim = NewClaimKey("phone-hash");
        var holder = NewGrain();
        var other = NewGrain();
        await Storage.WriteAsync(new GrainWrite(holder, 0, "{}", T0) { Claims = [new ClaimInsert(claim, "holder")] });

        await Storage.WriteAsync(new GrainWrite(other, 0, "{}", T0) { ReleasedClaims = [claim, NewClaimKey("never-taken")] });

        Assert.Equal(holder, (await Storage.ReadClaimAsync(claim))?.Owner);
        Assert.Equal(1, (await Storage.ReadStateAsync(other))?.Version);
    }

    [StorageFact]
    public async Task RefusedWriteReleasesNothing()
    {
        var claim = NewClaimKey("phone-hash");
        var holder = NewGrain();
        await Storage.WriteAsync(new GrainWrite(holder, 0, "{}", T0) { Claims = [new ClaimInsert(claim, "holder")] });

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage.WriteAsync(new GrainWrite(holder, 0, "{}", T0) { ReleasedClaims = [claim] }));

        Assert.Equal(holder, (await Storage.ReadClaimAsync(claim))?.Owner);
    }

    [StorageFact]
    public async Task LogEntriesCommitWithTheWriteAndReadNewestFirstByLog()
    {
        var (a, b) = (NewGrain(), NewGrain("other"));
        var log = "audit-" + Guid.NewGuid().ToString("N");
        await Storage.WriteAsync(new GrainWrite(a, 0, "{}", T0) { Logs = [new LogAppend(log, """{"n":1}"""), new LogAppend("elsewhere", """{"n":0}""")] });
        await Storage.WriteAsync(new GrainWrite(b, 0, "{}", T0.AddSeconds(1)) { Logs = [new LogAppend(log, """{"n":2}"""), new LogAppend(log, """{"n":3}""")] });

        var entries = await Storage.ReadLogAsync(log, new LogQuery(10));

        Assert.Equal([3, 2, 1], entries.Select(e => JsonNumber(e.Json)));
        Assert.Equal([b, b, a], entries.Select(e => e.Grain));
        Assert.All(entries, e => Assert.Equal(log, e.Log));
        Assert.Equal(T0, entries[2].CreatedAt);
        Assert.Equal(TimeSpan.Zero, entries[0].CreatedAt.Offset);
        var older = await Storage.ReadLogAsync(log, new LogQuery(1, entries[1].Id));
        Assert.Equal([1], older.Select(e => JsonNumber(e.Json)));
    }

    [StorageFact]
    public async Task RefusedWriteAppendsNoLogEntry()
    {
        var grain = NewGrain();
        var log = "audit-" + Guid.NewGuid().ToString("N");
        await Storage.WriteAsync(new GrainWrite(grain, 0, "{}", T0));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage.WriteAsync(new GrainWrite(grain, 0, "{}", T0) { Logs = [new LogAppend(log, "{}")] }));
        var outcomes = await Storage.WriteGroupAsync([
            new GrainWrite(grain, 0, "{}", T0) { Logs = [new LogAppend(log, """{"n":1}""")] },
            new GrainWrite(NewGrain(), 0, "{}", T0) { Logs = [new LogAppend(log, """{"n":2}""")] },
        ]);

        Assert.IsType<InconsistentStateException>(outcomes[0].Error);
        Assert.Equal([2], (await Storage.ReadLogAsync(log, new LogQuery(10))).Select(e => JsonNumber(e.Json)));
    }

    private static int JsonNumber(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("n").GetInt32();

    [StorageFact]
    public async Task GrainTypeIsPartOfTheKey()
    {
        var key = Guid.NewGuid().ToString("N");
        var (member, card) = (new GrainId("member", key), new GrainId("card", key));

        Assert.Equal(1, await Storage.WriteAsync(new GrainWrite(member, 0, """{"kind":"member"}""", T0) { Journal = [new JournalAppend("member-joined", "c", "{}")] }));
        Assert.Equal(1, await Storage.WriteAsync(new GrainWrite(card, 0, """{"kind":"card"}""", T0) { Journal = [new JournalAppend("card-issued", "c", "{}")] }));
        Assert.Equal(2, await Storage.WriteAsync(new GrainWrite(card, 1, """{"kind":"card","v":2}""", T0) { Journal = [new JournalAppend("card-topped-up", "c", "{}")] }));

        AssertJson.Equal("""{"kind":"member"}""", (await Storage.ReadStateAsync(member))!.Json);
        Assert.Equal(1, (await Storage.ReadStateAsync(member))!.Version);
        AssertJson.Equal("""{"kind":"card","v":2}""", (await Storage.ReadStateAsync(card))!.Json);
        Assert.Equal(["member-joined"], (await Storage.ReadJournalAsync(member, new JournalQuery(10))).Select(e => e.Kind));
        Assert.Equal(["card-topped-up", "card-issued"], (await Storage.ReadJournalAsync(card, new JournalQuery(10))).Select(e => e.Kind));
        Assert.All(await Storage.ReadJournalAsync(card, new JournalQuery(10, Correlation: "c")), e => Assert.Equal(card, e.Grain));
    }

    [StorageFact]
    public async Task JournalIsPagedNewestFirstWithBeforeCursor()
    {
        var grain = NewGrain();
        for (var version = 1; version <= 3; version++)
        {
            var v = version;
            await Storage.WriteAsync(new GrainWrite(grain, v - 1, $$"""{"v":{{v}}}""", T0.AddMinutes(v))
            {
                Journal = [.. Enumerable.Range(0, 3).Select(i => new JournalAppend($"e{v}.{i}", null, $$"""{"v":{{v}},"i":{{i}}}"""))],
            });
        }

        var page1 = await Storage.ReadJournalAsync(grain, new JournalQuery(4));
        var page2 = await Storage.ReadJournalAsync(grain, new JournalQuery(4, page1[^1].Position));
        var page3 = await Storage.ReadJournalAsync(grain, new JournalQuery(4, page2[^1].Position));
        var page4 = await Storage.ReadJournalAsync(grain, new JournalQuery(4, page3[^1].Position));

        Assert.Equal([P(3, 2), P(3, 1), P(3, 0), P(2, 2)], page1.Select(e => e.Position));
        Assert.Equal([P(2, 1), P(2, 0), P(1, 2), P(1, 1)], page2.Select(e => e.Position));
        Assert.Equal([P(1, 0)], page3.Select(e => e.Position));
        Assert.Empty(page4);
        var entry = page2[1];
        Assert.Equal(grain, entry.Grain);
        Assert.Equal("e2.0", entry.Kind);
        Assert.Null(entry.Correlation);
        AssertJson.Equal("""{"v":2,"i":0}""", entry.Json);
        Assert.Equal(T0.AddMinutes(2), entry.CreatedAt);
    }

    [StorageFact]
    public async Task JournalCorrelationFilterReturnsOnlyMatchingEntries()
    {
        var grain = NewGrain();
        await Storage.WriteAsync(new GrainWrite(grain, 0, "{}", T0) { Journal = [new JournalAppend("a", "order-1", "{}"), new JournalAppend("b", null, "{}")] });
        await Storage.WriteAsync(new GrainWrite(grain, 1, "{}", T0) { Journal = [new JournalAppend("c", "order-2", "{}"), new JournalAppend("d", "order-1", "{}")] });
        await Storage.WriteAsync(new GrainWrite(grain, 2, "{}", T0) { Journal = [new JournalAppend("e", "order-1", "{}")] });

        var all = await Storage.ReadJournalAsync(grain, new JournalQuery(10, Correlation: "order-1"));
        var older = await Storage.ReadJournalAsync(grain, new JournalQuery(1, P(2, 1), "order-1"));

        Assert.Equal(["e", "d", "a"], all.Select(e => e.Kind));
        Assert.All(all, e => Assert.Equal("order-1", e.Correlation));
        Assert.Equal(["a"], older.Select(e => e.Kind));
        Assert.Empty(await Storage.ReadJournalAsync(grain, new JournalQuery(10, Correlation: "order-3")));
    }

    [StorageFact]
    public async Task OutboxHoldsEventsInCommitOrder()
    {
        var (first, second) = (NewGrain(), NewGrain());

        await Storage.WriteAsync(new GrainWrite(first, 0, "{}", T0) { Events = [new OutboxAppend("A", """{"n":1}"""), new OutboxAppend("B", """{"n":2}""")] });
        await Storage.WriteAsync(new GrainWrite(second, 0, "{}", T0) { Events = [new OutboxAppend("C", """{"n":3}""")] });
        await Storage.WriteAsync(new GrainWrite(first, 1, "{}", T0) { Events = [new OutboxAppend("D", """{"n":4}""")] });

        var outbox = await ReadOutboxAsync();
        Assert.Equal(
            [new(first, 1, 0, "A"), new(first, 1, 1, "B"), new(second, 1, 0, "C"), new OutboxPosition(first, 2, 0, "D")],
            outbox.Select(e => new OutboxPosition(e.Grain, e.Version, e.Index, e.Kind)));
        AssertJson.Equal("""{"n":4}""", outbox[3].Json);
    }

    [StorageFact]
    public async Task ManyJournalEntriesAndEventsInOneWriteAreAllCommitted()
    {
        var grain = NewGrain();
        const int Count = 5000;

        await Storage.WriteAsync(new GrainWrite(grain, 0, "{}", T0)
        {
            Journal = [.. Enumerable.Range(0, Count).Select(i => new JournalAppend("entry", i % 2 == 0 ? "even" : null, $$"""{"i":{{i}}}"""))],
            Events = [.. Enumerable.Range(0, Count).Select(i => new OutboxAppend("event", $$"""{"i":{{i}}}"""))],
        });

        var journal = await Storage.ReadJournalAsync(grain, new JournalQuery(Count + 1));
        Assert.Equal(Enumerable.Range(0, Count).Reverse(), journal.Select(e => e.Index));
        Assert.Equal(Count / 2, (await Storage.ReadJournalAsync(grain, new JournalQuery(Count, Correlation: "even"))).Count);
        Assert.Equal(Enumerable.Range(0, Count), (await ReadOutboxAsync()).Select(e => e.Index));
    }

    [StorageFact]
    public async Task UnicodeJsonRoundTrips()
    {
        var grain = new GrainId("mitglied", "zoë-😀-中文");
        var json = """{"name":"Zoë Ünal – \"quoted\" \\ back","emoji":"👍🏽😀","cjk":"会员卡","rtl":"بطاقة","escaped":"\u00e9\t\n"}""";
        var claim = new ClaimKey("téléphone", "+33 6 ☎ 12");

        await Storage.WriteAsync(new GrainWrite(grain, 0, json, T0)
        {
            Journal = [new JournalAppend("überweisung", "bestellung-ß", json)],
            Events = [new OutboxAppend("Ereignis-é", json)],
            Claims = [new ClaimInsert(claim, "wert-😀")],
        });

        AssertJson.Equal(json, (await Storage.ReadStateAsync(grain))!.Json);
        var entry = Assert.Single(await Storage.ReadJournalAsync(grain, new JournalQuery(10, Correlation: "bestellung-ß")));
        Assert.Equal("überweisung", entry.Kind);
        AssertJson.Equal(json, entry.Json);
        var outboxEvent = Assert.Single(await ReadOutboxAsync());
        Assert.Equal(grain, outboxEvent.Grain);
        Assert.Equal("Ereignis-é", outboxEvent.Kind);
        AssertJson.Equal(json, outboxEvent.Json);
        Assert.Equal("wert-😀", (await Storage.ReadClaimAsync(claim))?.Value);
    }

    [StorageFact]
    public async Task LargeJsonRoundTrips()
    {
        var grain = NewGrain();
        var json = AssertJson.Large(200_000);

        await Storage.WriteAsync(new GrainWrite(grain, 0, json, T0) { Journal = [new JournalAppend("snapshot", null, json)] });

        AssertJson.Equal(json, (await Storage.ReadStateAsync(grain))!.Json);
        AssertJson.Equal(json, Assert.Single(await Storage.ReadJournalAsync(grain, new JournalQuery(1))).Json);
    }

    [StorageFact]
    public async Task TimestampsComeBackAsUtc()
    {
        var grain = NewGrain();
        var claim = NewClaimKey("order-number");
        var expiresAt = new DateTimeOffset(2100, 6, 1, 8, 30, 0, 999, TimeSpan.Zero);

        await Storage.WriteAsync(new GrainWrite(grain, 0, "{}", T0)
        {
            Journal = [new JournalAppend("opened", null, "{}")],
            Claims = [new ClaimInsert(claim, "v", expiresAt)],
        });

        var state = (await Storage.ReadStateAsync(grain))!;
        var entry = Assert.Single(await Storage.ReadJournalAsync(grain, new JournalQuery(10)));
        var held = (await Storage.ReadClaimAsync(claim))!;
        Assert.All([state.UpdatedAt, entry.CreatedAt, held.CreatedAt, held.ExpiresAt!.Value], t => Assert.Equal(TimeSpan.Zero, t.Offset));
        Assert.Equal([T0, T0, T0, expiresAt], new[] { state.UpdatedAt, entry.CreatedAt, held.CreatedAt, held.ExpiresAt.Value });
    }

    [StorageFact]
    public async Task PingSucceedsOnInitializedStorage()
    {
        await Storage.PingAsync();
    }

    /// <summary>A fresh grain id; keys are random so no two tests (or runs) can meet.</summary>
    protected static GrainId NewGrain(string type = "member") => new(type, Guid.NewGuid().ToString("N"));

    /// <summary>A fresh claim key in <paramref name="scope"/>.</summary>
    protected static ClaimKey NewClaimKey(string scope) => new(scope, Guid.NewGuid().ToString("N"));

    /// <summary>Now, cut to whole milliseconds so every provider stores it exactly.</summary>
    protected static DateTimeOffset TruncatedNow()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    private static JournalPosition P(long version, int index) => new(version, index);

    /// <summary>
    /// Lets <paramref name="writers"/> writers race to write <paramref name="grain"/> at the same expected version;
    /// returns each writer's number when it won, -1 when it was refused as stale.
    /// </summary>
    private async Task<int[]> RaceAsync(GrainId grain, long expectedVersion, int writers)
    {
        // The writers wait on one gate, so they reach the storage together rather than as they get started.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await Storage.WriteAsync(new GrainWrite(grain, expectedVersion, $$"""{"writer":{{writer}}}""", T0)
                {
                    Journal = [new JournalAppend($"w{writer}", null, "{}")],
                    Events = [new OutboxAppend($"E{writer}", "{}")],
                });
                return writer;
            }
            catch (InconsistentStateException)
            {
                return -1;
            }
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(attempts);
    }

    /// <summary>One outbox row as a stream reader would see it.</summary>
    protected sealed record OutboxRow(GrainId Grain, long Version, int Index, string Kind, string Json);

    private sealed record OutboxPosition(GrainId Grain, long Version, int Index, string Kind);

    [StorageFact]
    public async Task GroupOfWritesCommitsEveryWriteWithItsJournalAndEvents()
    {
        var grains = Enumerable.Range(0, 20).Select(_ => NewGrain()).ToList();
        var writes = grains.Select((g, i) => new GrainWrite(g, 0, $$"""{"n":{{i}}}""", T0)
        {
            Journal = [new JournalAppend("made", null, $$"""{"n":{{i}}}""")],
            Events = [new OutboxAppend("made", "{}")],
            Claims = [new ClaimInsert(new ClaimKey("group", g.Key), "v")],
        }).ToList();

        var outcomes = await Storage.WriteGroupAsync(writes);

        Assert.All(outcomes, o => Assert.Equal((1L, (Exception?)null), (o.Version, o.Error)));
        foreach (var (grain, i) in grains.Select((g, i) => (g, i)))
        {
            AssertJson.Equal($$"""{"n":{{i}}}""", (await Storage.ReadStateAsync(grain))!.Json);
            Assert.Single(await Storage.ReadJournalAsync(grain, new JournalQuery(10)));
            Assert.Equal(grain, (await Storage.ReadClaimAsync(new ClaimKey("group", grain.Key)))!.Owner);
        }
        Assert.Equal(20, (await ReadOutboxAsync()).Count);
    }

    [StorageFact]
    public async Task RefusedWritesInAGroupFailAloneAndTheOthersCommit()
    {
        var existing = NewGrain();
        await Storage.WriteAsync(new GrainWrite(existing, 0, "{}", T0) { Claims = [new ClaimKey("group", "taken") is var k ? new ClaimInsert(k, "first") : null!] });
        var fine = NewGrain();
        var stale = existing;
        var claiming = NewGrain();
        var twinA = NewGrain();
        var twinB = NewGrain();
        var writes = new[]
        {
            new GrainWrite(fine, 0, """{"ok":true}""", T0) { Journal = [new JournalAppend("fine", null, "{}")] },
            new GrainWrite(stale, 0, """{"stale":true}""", T0) { Journal = [new JournalAppend("stale", null, "{}")] },
            new GrainWrite(claiming, 0, "{}", T0) { Claims = [new ClaimInsert(new ClaimKey("group", "taken"), "second")] },
            new GrainWrite(twinA, 0, "{}", T0) { Claims = [new ClaimInsert(new ClaimKey("group", "twin"), "a")] },
            new GrainWrite(twinB, 0, "{}", T0) { Claims = [new ClaimInsert(new ClaimKey("group", "twin"), "b")] },
        };

        var outcomes = await Storage.WriteGroupAsync(writes);

        Assert.Null(outcomes[0].Error);
        Assert.IsType<InconsistentStateException>(outcomes[1].Error);
        Assert.Equal([new ClaimKey("group", "taken")], Assert.IsType<ClaimConflictException>(outcomes[2].Error).Conflicts);
        Assert.Equal(1, new[] { outcomes[3], outcomes[4] }.Count(o => o.Error is null));
        Assert.Single(await Storage.ReadJournalAsync(fine, new JournalQuery(10)));
        Assert.Empty(await Storage.ReadJournalAsync(stale, new JournalQuery(10)));
        AssertJson.Equal("{}", (await Storage.ReadStateAsync(stale))!.Json);
        Assert.Null(await Storage.ReadStateAsync(claiming));
        Assert.Equal("first", (await Storage.ReadClaimAsync(new ClaimKey("group", "taken")))!.Value);
    }
}
