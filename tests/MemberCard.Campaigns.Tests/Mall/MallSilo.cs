using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MemberCard.Campaigns.Tests.Mall;

/// <summary>One silo on in-memory storage with a fake clock, shared by a test class; tests isolate by fresh ids.</summary>
public sealed class MallSilo : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public DomainCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await DomainCluster.StartAsync(new DomainClusterOptions
    {
        Storage = new InMemoryGrainStorage(Clock),
        Clock = Clock,
        Settings = { ["Campaigns:AutoRun"] = "false" },
    });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
