using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.GrainDirectory;
using MemberCard.Runtime.Hosting;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Runtime.Tests;

/// <summary>Forwarding limits: a call told "the grain lives elsewhere" follows at most two such answers.</summary>
public sealed class DirectoryForwardingTests
{
    /// <summary>A directory that always says another silo holds the grain (never lets anyone win).</summary>
    private sealed class AlwaysElsewhereDirectory(Func<IReadOnlyList<SiloAddress>> silos) : IGrainDirectory
    {
        private int _registrations;

        public int Registrations => _registrations;

        public Task<DirectoryEntry> RegisterAsync(GrainId grain, DirectoryEntry entry, CancellationToken cancellationToken = default)
        {
            var n = Interlocked.Increment(ref _registrations);
            var others = silos().Where(s => s != entry.Silo).ToList();
            return Task.FromResult(new DirectoryEntry(others[n % others.Count], 1));
        }

        public Task<DirectoryEntry?> LookupAsync(GrainId grain, CancellationToken cancellationToken = default) => Task.FromResult<DirectoryEntry?>(null);

        public Task UnregisterAsync(GrainId grain, DirectoryEntry entry, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<int> RemoveSiloAsync(SiloAddress silo, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }

    [Fact]
    public async Task ACallKeptBeingSentElsewhereFailsRetryablyAfterTwoForwardsWithoutLoadingState()
    {
        var log = new ActivationLog();
        TestCluster? cluster = null;
        var directory = new AlwaysElsewhereDirectory(() => [.. cluster!.Silos.Select(s => s.Address)]);
        cluster = await TestCluster.StartAsync(new TestClusterOptions
        {
            ConfigureServices = s =>
            {
                s.AddGrain<ICounterGrain, CounterGrain>();
                s.AddSingleton(log);
                s.AddSingleton<IGrainDirectory>(directory);
            },
        });
        await using var _ = cluster;

        var failure = await Assert.ThrowsAsync<GrainUnavailableException>(() => cluster.Silos[0].Grains.GetGrain<ICounterGrain>("nomad").AddAsync(1));

        Assert.Contains("forwarded 3 times", failure.Message);
        Assert.Equal(3, directory.Registrations); // the first silo tried, then two forwards
        Assert.Equal(0, log.ActivationsOf(new GrainId("counter", "nomad"))); // a loser never activates the grain
    }
}
