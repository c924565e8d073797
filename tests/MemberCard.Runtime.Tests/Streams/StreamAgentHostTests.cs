using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using MemberCard.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MemberCard.Runtime.Tests.Streams;

public sealed class StreamAgentHostTests
{
    private static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 1);
    private static readonly SiloAddress SiloB = new("10.0.0.2", 11111, 1);

    [Fact]
    public async Task QueuesAreSplitByTheRingAndMoveWhenASiloLeaves()
    {
        var clock = new ManualTimeProvider();
        var store = new InMemoryStreamQueueStore(new InMemoryGrainStorage(clock), clock);
        var options = Options.Create(new StreamOptions { QueueCount = 16, PollInterval = TimeSpan.FromMilliseconds(1) });
        var viewA = new MovableClusterView(SiloA, [SiloA, SiloB]);
        var viewB = new MovableClusterView(SiloB, [SiloA, SiloB]);
        var consumer = new RecordingConsumer("r", "card");
        await using var hostA = new StreamAgentHost(store, [consumer], options, viewA, clock, NullLoggerFactory.Instance);
        await using var hostB = new StreamAgentHost(store, [consumer], options, viewB, clock, NullLoggerFactory.Instance);

        await hostA.StartAsync(CancellationToken.None);
        await hostB.StartAsync(CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 16), hostA.RunningQueues.Concat(hostB.RunningQueues).Order());
        Assert.NotEmpty(hostA.RunningQueues);
        Assert.NotEmpty(hostB.RunningQueues);

        viewA.Change([SiloA]);
        Assert.Equal(Enumerable.Range(0, 16), hostA.RunningQueues);
    }

    /// <summary>A cluster view a test changes by hand.</summary>
    private sealed class MovableClusterView(SiloAddress local, SiloAddress[] silos) : IClusterView
    {
        public SiloAddress LocalSilo => local;

        public ClusterSnapshot Current { get; private set; } = new(1, silos);

        public event Action<ClusterSnapshot>? Changed;

        public void Change(SiloAddress[] active)
        {
            Current = new ClusterSnapshot(Current.Version + 1, active);
            Changed?.Invoke(Current);
        }
    }
}
