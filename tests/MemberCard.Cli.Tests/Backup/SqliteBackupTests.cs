using MemberCard.Cli.Backup;
using MemberCard.Runtime.Sqlite;
using MemberCard.Testing;
using Microsoft.Data.Sqlite;

namespace MemberCard.Cli.Tests.Backup;

/// <summary>
/// The online SQLite backup: taken while card grains keep committing to the file, restored into a new data
/// directory, it holds exactly the rows the database had when the backup began, table by table.
/// </summary>
public sealed class SqliteBackupTests : IDisposable
{
    private readonly string _live = TestSqlite.CreateDataDirectory();
    private readonly string _restored = TestSqlite.CreateDataDirectory();
    private readonly string _backups = TestSqlite.CreateDataDirectory();

    [Fact]
    public async Task ABackupTakenWhileCardsAreWrittenRestoresEveryRowOfItsMoment()
    {
        var storage = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = _live });
        await using var cluster = await DomainCluster.StartAsync(new DomainClusterOptions { Storage = storage, DisposeStorage = true, Settings = CardWorkload.Rules });
        var workload = new CardWorkload(cluster);
        await workload.SeedAsync(6);

        // A till keeps topping up while the backup runs; it is held only while the expected rows are read.
        var gate = new SemaphoreSlim(0, 1);
        using var stop = new CancellationTokenSource();
        var written = 0;
        var till = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await gate.WaitAsync();
                try
                {
                    await workload.TopUpAsync(workload.Cards[i % 3], 100);
                    Interlocked.Increment(ref written);
                }
                finally
                {
                    gate.Release();
                }
            }
        });
        var expected = await ReadAsync(storage.DatabasePath);

        var steps = 0;
        var writtenDuringBackup = 0;
        var backupPath = Path.Combine(_backups, "membercard.db");
        await SqliteBackup.BackupAsync(storage.DatabasePath, backupPath, force: false, async progress =>
        {
            // The backup's snapshot is taken before its first step: from here on the till writes again, and the
            // copy goes on page by page while its top-ups commit.
            if (steps++ == 0) gate.Release();
            if (steps <= 3)
            {
                var before = Volatile.Read(ref written);
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (Volatile.Read(ref written) == before && DateTime.UtcNow < deadline) await Task.Delay(5);
                writtenDuringBackup += Volatile.Read(ref written) - before;
            }
        }, CancellationToken.None, pagesPerStep: 1);
        await stop.CancelAsync();
        await till;

        Assert.True(steps > 3, $"the copy took {steps} steps");
        Assert.True(writtenDuringBackup >= 3, $"{writtenDuringBackup} top-ups committed while the backup ran");
        var report = await SqliteBackup.RestoreAsync(backupPath, Path.Combine(_restored, "membercard.db"), force: false, _ => Task.CompletedTask, CancellationToken.None);
        Assert.Contains(report.Tables, t => t is { Table: "grain_journal", Rows: > 0 });

        var live = await ReadAsync(storage.DatabasePath);
        var restored = await ReadAsync(Path.Combine(_restored, "membercard.db"));
        Assert.Equal(6, expected.Cards.Count);
        Assert.All(expected.Cards.Values, c => Assert.True(c.Principal > 0 && c.Bonus > 0 && c.Points > 0, $"card {c}"));
        Assert.All(expected.Ledgers.Values, rows => Assert.True(rows >= 2));
        Assert.Equal(expected.Cards, restored.Cards);
        Assert.Equal(expected.Ledgers, restored.Ledgers);
        Assert.Equal(expected.Tables.Keys, restored.Tables.Keys);
        foreach (var (table, rows) in expected.Tables) Assert.True(rows.SequenceEqual(restored.Tables[table]), $"table {table} differs after the restore");
        // The live database moved on meanwhile: the backup is of its moment, not of the end.
        Assert.NotEqual(expected.Cards, live.Cards);
    }

    [Fact]
    public async Task ARestoreRefusesAnExistingDatabaseWithoutForceAndOneInUseEvenWithIt()
    {
        var storage = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = _live });
        await storage.InitializeAsync();
        var backupPath = Path.Combine(_backups, "membercard.db");
        await SqliteBackup.BackupAsync(storage.DatabasePath, backupPath, force: false, _ => Task.CompletedTask, CancellationToken.None);
        var target = Path.Combine(_restored, "membercard.db");
        await SqliteBackup.RestoreAsync(backupPath, target, force: false, _ => Task.CompletedTask, CancellationToken.None);

        var exists = await Assert.ThrowsAsync<BackupException>(() =>
            SqliteBackup.RestoreAsync(backupPath, target, force: false, _ => Task.CompletedTask, CancellationToken.None));
        Assert.Contains("--force", exists.Message);
        var inUse = await Assert.ThrowsAsync<BackupException>(() =>
            SqliteBackup.RestoreAsync(backupPath, storage.DatabasePath, force: true, _ => Task.CompletedTask, CancellationToken.None));
        Assert.Contains("running server", inUse.Message);
        await storage.DisposeAsync();

        // Stopped, the server's file may be replaced with --force.
        await SqliteBackup.RestoreAsync(backupPath, storage.DatabasePath, force: true, _ => Task.CompletedTask, CancellationToken.None);
        Assert.False(File.Exists(storage.DatabasePath + "-wal"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var directory in new[] { _live, _restored, _backups }) TestSqlite.DeleteDataDirectory(directory);
    }

    private static async Task<Snapshot> ReadAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction(deferred: true);
        return new Snapshot(await DatabaseRows.ReadAsync(connection, DatabaseRows.SqliteTables),
            await DatabaseRows.CardBalancesAsync(connection), await DatabaseRows.LedgerRowsAsync(connection));
    }

    private sealed record Snapshot(
        SortedDictionary<string, List<string>> Tables, SortedDictionary<string, (long Principal, long Bonus, long Points)> Cards,
        SortedDictionary<string, long> Ledgers);
}
