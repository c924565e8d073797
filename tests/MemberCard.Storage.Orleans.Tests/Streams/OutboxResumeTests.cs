using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using MemberCard.Storage.Orleans.Tests.State;
using MemberCard.Storage.Streams;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using StorageGrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Storage.Orleans.Tests.Streams;

/// <summary>
/// Checkpoints: a silo that starts on a database where events were committed while no silo ran delivers them, and
/// every queue's checkpoint ends past what was delivered, so a restart does not replay the whole outbox.
/// </summary>
public sealed class OutboxResumeTests
{
    private static InProcessTestCluster Build(string directory)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseSqliteFile(directory);
            silo.AddOutboxStreams(o => o.QueueCount = 2, stream => stream.ConfigurePullingAgent(agent =>
                agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(50))));
        });
        return builder.Build();
    }

    [Fact]
    public async Task EventsCommittedWhileNoSiloRanAreDeliveredAfterAStartAndCheckpointsMovePastThem()
    {
        var directory = TestSqlite.CreateDataDirectory();
        var (early, late) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        try
        {
            await using (var first = Build(directory))
            {
                await first.DeployAsync();
                await first.Client.GetGrain<ITallyGrain>(early).AddAsync(1);
                await Eventually.HoldsAsync(() => TallyEventsConsumer.Seen.GetValueOrDefault(early)?.Count == 1);
            }
            await using (var offline = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = directory }))
            {
                await offline.InitializeAsync();
                await offline.WriteAsync(new GrainWrite(new StorageGrainId("tally", late), 0, """{"total":5,"count":1}""", DateTimeOffset.UtcNow)
                {
                    Events = [new OutboxAppend("tally.added", "5")],
                });
            }

            await using var second = Build(directory);
            await second.DeployAsync();

            await Eventually.HoldsAsync(() => TallyEventsConsumer.Seen.GetValueOrDefault(late)?.Count == 1);
            Assert.Single(TallyEventsConsumer.Seen[early]);
            var store = second.GetSiloServiceProvider().GetRequiredService<IStreamQueueStore>();
            await Eventually.HoldsAsync(async () =>
            {
                var rows = await Task.WhenAll(Enumerable.Range(0, 2).Select(q => store.ReadQueueAsync(q)));
                return await store.CountAfterAsync(0, 2, rows[0].Checkpoint) + await store.CountAfterAsync(1, 2, rows[1].Checkpoint) == 0;
            });
        }
        finally
        {
            TestSqlite.DeleteDataDirectory(directory);
        }
    }
}
