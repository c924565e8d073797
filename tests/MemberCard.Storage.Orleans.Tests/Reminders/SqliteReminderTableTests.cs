using MemberCard.Runtime.Sqlite;
using MemberCard.Storage.Reminders;
using MemberCard.Testing;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace MemberCard.Storage.Orleans.Tests.Reminders;

/// <summary>Orleans' reminder-table contract on the SQLite file: etags, ring ranges, services kept apart, restarts.</summary>
public sealed class SqliteReminderTableTests : IAsyncLifetime
{
    private readonly string _directory = TestSqlite.CreateDataDirectory();
    private SqliteGrainStorage? _storage;

    private SqliteReminderTable Table(string serviceId = "svc") =>
        new(new SqliteProjectionDatabase(_storage!), Options.Create(new ClusterOptions { ServiceId = serviceId }));

    public async Task InitializeAsync()
    {
        _storage = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = _directory });
        await _storage.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _storage!.DisposeAsync();
        TestSqlite.DeleteDataDirectory(_directory);
    }

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period) => new()
    {
        GrainId = grain, ReminderName = name, Period = period, StartAt = new DateTime(2026, 12, 4, 8, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public async Task AnUpsertedReminderReadsBackAndEveryUpsertMovesItsEtag()
    {
        var grain = GrainId.Create("engagement", "m1");
        var first = await Table().UpsertRow(Entry(grain, "churn", TimeSpan.FromHours(1)));
        var second = await Table().UpsertRow(Entry(grain, "churn", TimeSpan.FromHours(2)));

        var row = await Table().ReadRow(grain, "churn");

        Assert.NotEqual(first, second);
        Assert.Equal((grain, TimeSpan.FromHours(2), second, DateTimeKind.Utc), (row!.GrainId, row.Period, row.ETag, row.StartAt.Kind));
        Assert.Equal(new DateTime(2026, 12, 4, 8, 0, 0, DateTimeKind.Utc), row.StartAt);
        Assert.Null(await Table().ReadRow(grain, "other"));
    }

    [Fact]
    public async Task ARemoveWithAnOldEtagRemovesNothing()
    {
        var grain = GrainId.Create("engagement", "m2");
        var old = await Table().UpsertRow(Entry(grain, "churn", TimeSpan.FromHours(1)));
        var current = await Table().UpsertRow(Entry(grain, "churn", TimeSpan.FromHours(1)));

        Assert.False(await Table().RemoveRow(grain, "churn", old!));
        Assert.True(await Table().RemoveRow(grain, "churn", current!));
        Assert.Null(await Table().ReadRow(grain, "churn"));
        Assert.False(await Table().RemoveRow(grain, "churn", "not-a-number"));
    }

    [Fact]
    public async Task RingRangesSelectByGrainHashIncludingRangesThatWrapAround()
    {
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("engagement", $"r{i}")).ToList();
        foreach (var grain in grains) await Table().UpsertRow(Entry(grain, "churn", TimeSpan.FromHours(1)));
        var pivot = grains[7].GetUniformHashCode();

        var upper = (await Table().ReadRows(pivot, uint.MaxValue)).Reminders.Select(r => r.GrainId).ToHashSet();
        var wrapped = (await Table().ReadRows(pivot, pivot / 2)).Reminders.Select(r => r.GrainId).ToHashSet();

        Assert.Equal(grains.Where(g => g.GetUniformHashCode() > pivot).ToHashSet(), upper);
        Assert.Equal(grains.Where(g => g.GetUniformHashCode() > pivot || g.GetUniformHashCode() <= pivot / 2).ToHashSet(), wrapped);
        Assert.Equal(40, (await Table().ReadRows(pivot, pivot)).Reminders.Count);
    }

    [Fact]
    public async Task ServicesSharingAFileDoNotSeeEachOthersReminders()
    {
        var grain = GrainId.Create("engagement", "m3");
        await Table("a").UpsertRow(Entry(grain, "churn", TimeSpan.FromHours(1)));

        Assert.Empty((await Table("b").ReadRows(grain)).Reminders);
        Assert.Single((await Table("a").ReadRows(grain)).Reminders);
    }
}
