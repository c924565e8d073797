using MemberCard.Cli.Backup;
using MemberCard.Cli.Seed;
using MemberCard.Runtime.Postgres;
using MemberCard.Testing;
using Npgsql;

namespace MemberCard.Cli.Tests.Backup;

/// <summary>pg_dump of a database the card grains and the member seeder wrote, restored by pg_restore into a fresh one: every row comes back.</summary>
public sealed class PostgresBackupTests : IDisposable
{
    private readonly string _backups = TestSqlite.CreateDataDirectory();

    [PostgresFact]
    public async Task ADumpRestoredIntoAFreshDatabaseHoldsEveryRowOfTheOriginal()
    {
        var original = await TestPostgres.CreateDatabaseAsync();
        var fresh = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var storage = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = original });
            await using (var cluster = await DomainCluster.StartAsync(new DomainClusterOptions { Storage = storage, DisposeStorage = true, Settings = CardWorkload.Rules }))
            {
                await new CardWorkload(cluster).SeedAsync(4);
            }
            await MemberSeeder.RunAsync(new MemberSeedOptions(original, 3, "S001", "171", 0, 2), TextWriter.Null, CancellationToken.None);
            NpgsqlConnection.ClearAllPools();

            var dump = Path.Combine(_backups, "membercard.dump");
            var progress = new List<CopyProgress>();
            await PostgresBackup.BackupAsync(original, dump, force: false, null, p => { progress.Add(p); return Task.CompletedTask; }, CancellationToken.None);
            Assert.True(new FileInfo(dump).Length > 0);
            Assert.Contains(progress, p => p.TablesDone > 0 && p.TablesDone == p.Tables);
            await PostgresBackup.RestoreAsync(dump, fresh, force: false, create: false, jobs: 1, null, _ => Task.CompletedTask, CancellationToken.None);

            var expected = await ReadAsync(original);
            var restored = await ReadAsync(fresh);
            Assert.Equal(4, expected.Cards.Count);
            Assert.All(expected.Cards.Values, c => Assert.True(c.Principal > 0 && c.Bonus > 0 && c.Points > 0, $"card {c}"));
            Assert.All(expected.Ledgers.Values, rows => Assert.True(rows >= 2));
            Assert.True(expected.Tables["grain_state"].Count > 4 + 3, "members and cards are in grain_state");
            Assert.Equal(expected.Cards, restored.Cards);
            Assert.Equal(expected.Ledgers, restored.Ledgers);
            Assert.Equal(expected.Tables.Keys, restored.Tables.Keys);
            foreach (var (table, rows) in expected.Tables) Assert.True(rows.SequenceEqual(restored.Tables[table]), $"table {table} differs after the restore");

            // The restored database now has tables: a second restore into it is refused without --force.
            var again = await Assert.ThrowsAsync<BackupException>(() =>
                PostgresBackup.RestoreAsync(dump, fresh, force: false, create: false, jobs: 1, null, _ => Task.CompletedTask, CancellationToken.None));
            Assert.Contains("--force", again.Message);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(original);
            await TestPostgres.DropDatabaseAsync(fresh);
        }
    }

    [PostgresFact]
    public async Task ADumpTakenWhileCardsAreWrittenIsOneInstantOfEveryLedger()
    {
        var original = await TestPostgres.CreateDatabaseAsync();
        var fresh = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var storage = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = original });
            SortedDictionary<string, CardLedger> restored, live;
            SortedDictionary<string, (long Principal, long Bonus, long Points)> balances;
            await using (var cluster = await DomainCluster.StartAsync(new DomainClusterOptions { Storage = storage, DisposeStorage = true, Settings = CardWorkload.Rules }))
            {
                var workload = new CardWorkload(cluster);
                await workload.SeedAsync(3);
                using var stop = new CancellationTokenSource();
                var written = 0;
                var till = Task.Run(async () =>
                {
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        await (i % 2 == 0 ? workload.TopUpAsync(workload.Cards[i % 3], 100) : workload.PurchaseAsync(workload.Cards[i % 3], 100));
                        Interlocked.Increment(ref written);
                    }
                });
                var dump = Path.Combine(_backups, "membercard.dump");
                await PostgresBackup.BackupAsync(original, dump, force: false, null, _ => Task.CompletedTask, CancellationToken.None);
                var afterDump = Volatile.Read(ref written);
                while (Volatile.Read(ref written) < afterDump + 3) await Task.Delay(5);
                await stop.CancelAsync();
                await till;
                await PostgresBackup.RestoreAsync(dump, fresh, force: false, create: false, jobs: 1, null, _ => Task.CompletedTask, CancellationToken.None);
                live = await LedgersAsync(original);
                restored = await LedgersAsync(fresh);
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(fresh) { Pooling = false }.ConnectionString);
                await connection.OpenAsync();
                balances = await DatabaseRows.CardBalancesAsync(connection);
            }

            Assert.Equal(live.Keys, restored.Keys);
            Assert.True(live.Values.Sum(c => c.Rows.Count) > restored.Values.Sum(c => c.Rows.Count), "the cards were written after the dump");
            foreach (var (card, ledger) in restored)
            {
                // Each card as it stood at one version: its ledger is the live ledger up to that version, row for row,
                // and its state adds up to that ledger.
                Assert.Equal(live[card].Rows.Where(r => r.Version <= ledger.Version), ledger.Rows);
                Assert.Equal((ledger.Rows.Sum(r => r.Principal), ledger.Rows.Sum(r => r.Bonus), ledger.Rows.Sum(r => r.Points)), balances[card]);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(original);
            await TestPostgres.DropDatabaseAsync(fresh);
        }
    }

    public void Dispose() => TestSqlite.DeleteDataDirectory(_backups);

    private static async Task<SortedDictionary<string, CardLedger>> LedgersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return await DatabaseRows.CardLedgersAsync(connection);
    }

    private static async Task<Snapshot> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return new Snapshot(await DatabaseRows.ReadAsync(connection, DatabaseRows.PostgresTables),
            await DatabaseRows.CardBalancesAsync(connection), await DatabaseRows.LedgerRowsAsync(connection));
    }

    private sealed record Snapshot(
        SortedDictionary<string, List<string>> Tables, SortedDictionary<string, (long Principal, long Bonus, long Points)> Cards,
        SortedDictionary<string, long> Ledgers);
}
