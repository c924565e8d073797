using System.Net;
using System.Net.Sockets;
using MemberCard.Runtime.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MemberCard.Runtime.Tests;

/// <summary>The silo-to-silo connection on real loopback sockets: multiplexing, time-outs, failure and graceful drain.</summary>
public sealed class SiloConnectionTests : IAsyncDisposable
{
    private readonly List<SiloConnection> _connections = [];

    private static async Task<(Socket Client, Socket Server)> ConnectedSocketsAsync()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        return (client, await accept);
    }

    private async Task<(SiloConnection Client, SiloConnection Server)> PairAsync(Func<Frame, Task<Frame>> handler, int maxInFlight = 1000)
    {
        var (clientSocket, serverSocket) = await ConnectedSocketsAsync();
        var server = new SiloConnection(serverSocket, maxInFlight, handler, NullLogger.Instance);
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
    public async Task ADrainWhoseGoodbyeIsNeverAcknowledgedStillAnswersTheRequestsItIsHandling()
    {
        var (raw, accepted) = await ConnectedSocketsAsync();
        using var peer = raw; // a raw peer that never acknowledges a goodbye
        var entered = new TaskCompletionSource();
        var server = new SiloConnection(accepted, 10, async request =>
        {
            entered.TrySetResult();
            await Task.Delay(800); // outlasts the wait for the acknowledgement
            return new Frame(FrameKind.Ok, request.Id, [42]);
        }, NullLogger.Instance);
        _connections.Add(server);
        await peer.SendAsync(RawFrame(FrameKind.Call, 5, [1]));
        await entered.Task;

        await server.DrainAndCloseAsync(TimeSpan.FromMilliseconds(500));

        var frames = await ReadAllAsync(peer);
        Assert.Contains(frames, f => f.Kind == FrameKind.Ok && f.Id == 5 && f.Body is [42]);
    }

    [Fact]
    public async Task RetiringAConnectionLetsRequestsAlreadySentFinishAndRefusesNewOnesAsNotSent()
    {
        var release = new TaskCompletionSource();
        var (client, _) = await PairAsync(async request =>
        {
            await release.Task;
            return new Frame(FrameKind.Ok, request.Id, request.Body);
        });
        var inFlight = Enumerable.Range(0, 20).Select(n => client.SendAsync(FrameKind.Call, Number(n), TimeSpan.FromSeconds(10))).ToList();
        await Task.Delay(100);

        var retire = client.RetireAsync(TimeSpan.FromSeconds(5));
        var late = await Assert.ThrowsAsync<ConnectionClosedException>(() => client.SendAsync(FrameKind.Call, [9], TimeSpan.FromSeconds(1)));
        await Task.Delay(100);
        Assert.False(client.Closed.IsCompleted); // still waiting for the replies
        release.SetResult();
        await retire;

        Assert.False(late.Sent);
        Assert.Equal(Enumerable.Range(0, 20), (await Task.WhenAll(inFlight)).Select(r => BitConverter.ToInt32(r.Body)));
        Assert.True(client.Closed.IsCompleted);
    }

    [Fact]
    public async Task ARetiredConnectionToASilentPeerClosesAfterTheWaitAndFailsItsRequestsAsSent()
    {
        var (client, _) = await PairAsync(async request =>
        {
            await Task.Delay(Timeout.Infinite);
            return request;
        });
        var waiting = client.SendAsync(FrameKind.Call, [1], TimeSpan.FromSeconds(30));
        await Task.Delay(50);

        await client.RetireAsync(TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True((await Assert.ThrowsAsync<ConnectionClosedException>(() => waiting)).Sent);
    }

    private static byte[] RawFrame(FrameKind kind, long id, byte[] body)
    {
        var bytes = new byte[Frame.HeaderSize + body.Length];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), 1 + 8 + body.Length);
        bytes[4] = (byte)kind;
        BitConverter.TryWriteBytes(bytes.AsSpan(5, 8), id);
        body.CopyTo(bytes, Frame.HeaderSize);
        return bytes;
    }

    // Everything the other side writes until it closes, cut into frames.
    private static async Task<List<Frame>> ReadAllAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int read;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0) received.AddRange(buffer.AsSpan(0, read));
        var bytes = received.ToArray();
        var frames = new List<Frame>();
        for (var at = 0; at + 4 <= bytes.Length;)
        {
            var length = BitConverter.ToInt32(bytes, at);
            frames.Add(new Frame((FrameKind)bytes[at + 4], BitConverter.ToInt64(bytes, at + 5), bytes[(at + Frame.HeaderSize)..(at + 4 + length)]));
            at += 4 + length;
        }
        return frames;
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
