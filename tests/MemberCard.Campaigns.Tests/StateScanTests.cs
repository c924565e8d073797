using MemberCard.Runtime;
using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;

namespace MemberCard.Campaigns.Tests;

/// <summary>The state scan that issuance uses, on every provider: key order, bounds, paging, counting, cutting.</summary>
public abstract class StateScanTests
{
    protected abstract Task<(IGrainStorage Storage, Func<Task> Cleanup)> CreateAsync();

    [StorageFact]
    public async Task ScanVisitsOneGrainTypeInKeyOrderWithinBoundsAndPages()
    {
        var (storage, cleanup) = await CreateAsync();
        try
        {
            var keys = Enumerable.Range(0, 25).Select(i => $"k{i:D3}").OrderBy(_ => Random.Shared.Next()).ToList();
            foreach (var key in keys) await storage.WriteAsync(new GrainWrite(new GrainId("member", key), 0, $$"""{"n":"{{key}}"}""", DateTimeOffset.UtcNow));
            await storage.WriteAsync(new GrainWrite(new GrainId("card", "k005"), 0, """{"other":true}""", DateTimeOffset.UtcNow));
            var scanner = Assert.IsAssignableFrom<IGrainStateScanner>(storage);

            var seen = new List<string>();
            string? after = null;
            while (true)
            {
                var page = await scanner.ScanStatesAsync("member", after, null, 7);
                seen.AddRange(page.Select(s => s.Key));
                Assert.All(page, s => Assert.Contains(s.Key, s.Json));
                if (page.Count < 7) break;
                after = page[^1].Key;
            }
            Assert.Equal(keys.Order(StringComparer.Ordinal), seen);

            var slice = await scanner.ScanStatesAsync("member", "k004", "k009", 100);
            Assert.Equal(["k005", "k006", "k007", "k008", "k009"], slice.Select(s => s.Key));
            Assert.Empty(await scanner.ScanStatesAsync("member", "", "", 100));
            Assert.Equal(25, await scanner.CountStatesAsync("member"));
            Assert.Equal("k010", await scanner.KeyAtAsync("member", 10));
            Assert.Null(await scanner.KeyAtAsync("member", 25));
        }
        finally
        {
            await cleanup();
        }
    }
}

public sealed class InMemoryStateScanTests : StateScanTests
{
    protected override Task<(IGrainStorage, Func<Task>)> CreateAsync() =>
        Task.FromResult<(IGrainStorage, Func<Task>)>((new InMemoryGrainStorage(TimeProvider.System), () => Task.CompletedTask));
}

public sealed class SqliteStateScanTests : StateScanTests
{
    protected override async Task<(IGrainStorage, Func<Task>)> CreateAsync()
    {
        var directory = TestSqlite.CreateDataDirectory();
        var storage = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = directory });
        await storage.InitializeAsync();
        return (storage, async () =>
        {
            await storage.DisposeAsync();
            TestSqlite.DeleteDataDirectory(directory);
        });
    }
}

[RequiresPostgres]
public sealed class PostgresStateScanTests : StateScanTests
{
    protected override async Task<(IGrainStorage, Func<Task>)> CreateAsync()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        var storage = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = connection });
        await storage.InitializeAsync();
        return (storage, async () =>
        {
            await storage.DisposeAsync();
            await TestPostgres.DropDatabaseAsync(connection);
        });
    }
}
