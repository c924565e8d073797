using System.Net;
using System.Net.Sockets;
using MemberCard.Runtime.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemberCard.Runtime.Tests;

/// <summary>The silo-to-silo connection on real loopback sockets: multiplexing, time-outs, failure and graceful drain.</summary>
public sealed class SiloConnectionTests : IAsyncDisposable
{
    private readonly List<SiloConnection> _connections = [];

    private async Task<(SiloConnection Client, SiloConnection Server)> PairAsync(Func<Frame, Task<Frame>> handler, int maxInFlight = 1000)
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var clientSocket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptAsync();
        await clientSocket.ConnectAsync(listener.LocalEndPoint!);
        var server = new SiloConnection(await accept, maxInFlight, handler, NullLogger.Instance);
        var client = new SiloConnection(clientSocket, maxInFlight, null, NullLogger.Instance);
        _connections.Add(client);
        _connections.Add(server);
        return (client, server);
    }

    private static byte[] Number(int n) => BitConverter.GetBytes(n);

    [Fact]
    public async Task ManyConcurrentRequestsEachGetTheirOwnReplyEvenOutOfOrder()
    {
        var (client, _) = await PairAsync(async request =>
        {
            var n = BitConverter.ToInt32(request.Body);
            await Task.Delay(n % 7 * 3); // replies overtake each other
            return new Frame(FrameKind.Ok, request.Id, Number(n * 2));
        });

        var replies = await Task.WhenAll(Enumerable.Range(0, 2000).Select(n => client.SendAsync(FrameKind.Call, Number(n), TimeSpan.FromSeconds(10))));

        Assert.Equal(Enumerable.Range(0, 2000).Select(n => n * 2), replies.Select(r => BitConverter.ToInt32(r.Body)));
    }

    [Fact]
    public async Task ARequestWithoutAReplyTimesOutAndTheConnectionStaysUsable()
    {
        var (client, _) = await PairAsync(async request =>
        {
            if (request.Body is [1]) await Task.Delay(TimeSpan.FromSeconds(5));
            return new Frame(FrameKind.Ok, request.Id, [7]);
        });

        await Assert.ThrowsAsync<TimeoutException>(() => client.SendAsync(FrameKind.Call, [1], TimeSpan.FromMilliseconds(100)));

        Assert.Equal([7], (await client.SendAsync(FrameKind.Call, [2], TimeSpan.FromSeconds(5))).Body);
    }

    [Fact]
    public async Task WhenTheOtherSideDiesWaitingRequestsFailAsSentAndNewOnesAsNotSent()
    {
        var entered = new TaskCompletionSource();
        var (client, server) = await PairAsync(async request =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite);
            return request;
        });
        var waiting = client.SendAsync(FrameKind.Call, [1], TimeSpan.FromSeconds(10));
        await entered.Task;

        await server.DisposeAsync();

        var lost = await Assert.ThrowsAsync<ConnectionClosedException>(() => waiting);
        Assert.True(lost.Sent);
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        var refused = await Assert.ThrowsAsync<ConnectionClosedException>(() => client.SendAsync(FrameKind.Call, [2], TimeSpan.FromSeconds(1)));
        Assert.False(refused.Sent);
    }

    [Fact]
    public async Task GracefulDrainAnswersEveryRequestAlreadySentAndRefusesLaterOnesAsNotSent()
    {
        var release = new TaskCompletionSource();
        var (client, server) = await PairAsync(async request =>
        {
            await release.Task;
            return new Frame(FrameKind.Ok, request.Id, request.Body);
        });
        var inFlight = Enumerable.Range(0, 50).Select(n => client.SendAsync(FrameKind.Call, Number(n), TimeSpan.FromSeconds(10))).ToList();
        await Task.Delay(100);

        var drain = server.DrainAndCloseAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100);
        var late = await Assert.ThrowsAsync<ConnectionClosedException>(() => client.SendAsync(FrameKind.Call, [9], TimeSpan.FromSeconds(1)));
        release.SetResult();
        await drain;

        Assert.False(late.Sent);
        Assert.Equal(Enumerable.Range(0, 50), (await Task.WhenAll(inFlight)).Select(r => BitConverter.ToInt32(r.Body)));
    }

    [Fact]
    public async Task AtMostMaxInFlightRequestsWaitAtOnceTheRestQueueBehindThem()
    {
        var inside = 0;
        var maxInside = 0;
        var (client, _) = await PairAsync(async request =>
        {
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref maxInside, now);
            await Task.Delay(20);
            Interlocked.Decrement(ref inside);
            return new Frame(FrameKind.Ok, request.Id, []);
        }, maxInFlight: 4);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.SendAsync(FrameKind.Call, [], TimeSpan.FromSeconds(10))));

        Assert.InRange(maxInside, 1, 4);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
    }
}
