using System.Net.Sockets;
using MemberCard.Runtime.Cluster;
using MemberCard.Runtime.Hosting;
using MemberCard.Runtime.Messaging;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemberCard.Runtime.Tests;

/// <summary>The cluster secret: silos prove it to each other before any request runs (docs/cluster.md).</summary>
public sealed class SiloAuthenticationTests
{
    private const string Secret = "a-cluster-secret-of-at-least-32-characters";

    private static Task<TestCluster> StartClusterAsync() => TestCluster.StartAsync(new TestClusterOptions
    {
        InitialSilos = 2,
        Secret = Secret,
        ConfigureServices = s => s.AddGrain<ICounterGrain, CounterGrain>().AddSingleton(new ActivationLog()),
    });

    [Fact]
    public async Task SilosSharingTheSecretServeEachOthersGrains()
    {
        await using var cluster = await StartClusterAsync();
        var keys = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid().ToString("N")).ToList();

        await Task.WhenAll(keys.Select(k => cluster.Silos[0].Grains.GetGrain<ICounterGrain>(k).AddAsync(2)));

        foreach (var k in keys) Assert.Equal(2, await cluster.Silos[1].Grains.GetGrain<ICounterGrain>(k).GetAsync());
        Assert.All(cluster.Silos, s => Assert.True(s.Silo.ActivationCount > 0)); // both silos hosted some: calls crossed
    }

    [Fact]
    public async Task APeerThatHasNotProvedTheSecretRunsNothing()
    {
        await using var cluster = await StartClusterAsync();
        var target = cluster.Silos[1].Address;
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(target.Host, target.Port);
        await using var peer = new SiloConnection(socket, 10, null, NullLogger.Instance);

        var hello = await peer.SendAsync(FrameKind.Hello, System.Text.Encoding.UTF8.GetBytes(target.ToString()), TimeSpan.FromSeconds(5));
        var probe = await peer.SendAsync(FrameKind.Ping, [], TimeSpan.FromSeconds(5));
        var call = await peer.SendAsync(FrameKind.Call, [1, 2, 3], TimeSpan.FromSeconds(5));
        var guess = await peer.SendAsync(FrameKind.Auth, new byte[32], TimeSpan.FromSeconds(5));

        Assert.All([hello, probe, call, guess], reply => Assert.Equal((FrameKind.Error, "Auth"), (reply.Kind, RemoteErrorCodec.Decode(reply.Body).Type)));
    }

    [Fact]
    public async Task ASiloWithAnotherSecretOrNoneCannotConnect()
    {
        await using var cluster = await StartClusterAsync();
        var target = cluster.Silos[1].Address;

        foreach (var secret in new[] { "another-secret-of-at-least-32-characters!!", null })
        {
            await using var pool = new SiloConnectionPool(new ClusterOptions { Secret = secret }, NullLogger<SiloConnectionPool>.Instance);
            await Assert.ThrowsAsync<SiloUnreachableException>(() => pool.GetAsync(target));
        }
        await using var member = new SiloConnectionPool(new ClusterOptions { Secret = Secret }, NullLogger<SiloConnectionPool>.Instance);
        Assert.False((await member.GetAsync(target)).IsClosed);
    }

    [Fact]
    public void ASiloPortBeyondLoopbackNeedsASecretOfAtLeast32Characters()
    {
        Assert.Throws<InvalidOperationException>(() => new SiloListener(new ClusterOptions { ListenAddress = "0.0.0.0", SiloPort = 0 }, NullLogger<SiloListener>.Instance));
        Assert.Throws<InvalidOperationException>(() => new SiloListener(new ClusterOptions { Secret = "too-short", SiloPort = 0 }, NullLogger<SiloListener>.Instance));
        var listener = new SiloListener(new ClusterOptions { ListenAddress = "0.0.0.0", SiloPort = 0, Secret = Secret }, NullLogger<SiloListener>.Instance);
        Assert.True(listener.Port > 0);
        _ = listener.DisposeAsync();
    }
}
