using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MemberCard.Runtime.Cluster;
using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.Messaging;

/// <summary>
/// One outgoing connection per remote silo, opened on first use and reopened after it breaks. Opening sends a
/// hello naming the silo meant, so a restarted process on the same endpoint (a new generation) is refused.
/// </summary>
internal sealed class SiloConnectionPool(ClusterOptions options, ILogger<SiloConnectionPool> logger) : IAsyncDisposable
{
    /// <summary>How long a dropped connection waits for the replies to requests already sent.</summary>
    public static readonly TimeSpan RetireWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<SiloAddress, Lazy<Task<SiloConnection>>> _connections = new();
    private readonly HashSet<Task> _retiring = [];
    private volatile bool _disposed;

    /// <summary>An open connection to <paramref name="silo"/>; <see cref="SiloUnreachableException"/> when none can be opened.</summary>
    public async Task<SiloConnection> GetAsync(SiloAddress silo)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (_disposed) throw new SiloUnreachableException(silo, "this silo is shutting its connections");
            var lazy = _connections.GetOrAdd(silo, s => new Lazy<Task<SiloConnection>>(() => ConnectAsync(s)));
            SiloConnection connection;
            try
            {
                connection = await lazy.Value.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _connections.TryRemove(KeyValuePair.Create(silo, lazy));
                throw e as SiloUnreachableException ?? new SiloUnreachableException(silo, e.Message, e);
            }
            if (!connection.IsClosed) return connection;
            _connections.TryRemove(KeyValuePair.Create(silo, lazy));
            if (attempt > 0) throw new SiloUnreachableException(silo, "the connection keeps closing");
        }
    }

    /// <summary>
    /// Drops the connection to a silo that left or died: no new request goes on it, and it closes once the requests
    /// already sent have their replies (a leaving silo answers them all before it closes) or after
    /// <see cref="RetireWait"/>. Closing it at once would fail those requests as "outcome unknown" even though the
    /// leaving silo is about to answer them.
    /// </summary>
    public void Forget(SiloAddress silo)
    {
        if (!_connections.TryRemove(silo, out var lazy) || !lazy.IsValueCreated) return;
        var retiring = RetireAsync(lazy.Value);
        lock (_retiring) _retiring.Add(retiring);
        _ = retiring.ContinueWith(t => { lock (_retiring) _retiring.Remove(t); }, TaskScheduler.Default);
    }

    private static async Task RetireAsync(Task<SiloConnection> opening)
    {
        try
        {
            await (await opening.ConfigureAwait(false)).RetireAsync(RetireWait).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // It never opened; nothing to close.
        }
    }

    private async Task<SiloConnection> ConnectAsync(SiloAddress silo)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var timeout = new CancellationTokenSource(options.ConnectTimeout);
            await socket.ConnectAsync(new DnsEndPoint(silo.Host, silo.Port), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            socket.Dispose();
            throw new SiloUnreachableException(silo, e is OperationCanceledException ? "connect timed out" : e.Message, e);
        }
        var connection = new SiloConnection(socket, options.MaxInFlightPerConnection, null, logger);
        try
        {
            await HandshakeAsync(connection, silo).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return connection;
    }

    // Hello names the silo meant; with a cluster secret both sides then prove it (SiloHandshake).
    private async Task HandshakeAsync(SiloConnection connection, SiloAddress silo)
    {
        var meant = silo.ToString();
        var nonce = SiloHandshake.NewNonce();
        Frame hello;
        try
        {
            hello = await connection.SendAsync(FrameKind.Hello, SiloHandshake.Hello(meant, nonce), options.ConnectTimeout).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new SiloUnreachableException(silo, "no answer to hello", e);
        }
        if (hello.Kind != FrameKind.Ok) throw new SiloUnreachableException(silo, "another silo answers on that endpoint, or it requires the cluster secret");
        if (options.Secret is not { } secret)
        {
            if (hello.Body.Length > 0) throw new SiloUnreachableException(silo, "the silo requires the cluster secret");
            return;
        }
        var proof = SiloHandshake.Respond(secret, meant, nonce, hello.Body)
            ?? throw new SiloUnreachableException(silo, "the silo did not prove the cluster secret");
        Frame accepted;
        try
        {
            accepted = await connection.SendAsync(FrameKind.Auth, proof, options.ConnectTimeout).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new SiloUnreachableException(silo, "no answer to the proof of the cluster secret", e);
        }
        if (accepted.Kind != FrameKind.Ok) throw new SiloUnreachableException(silo, "the silo refused this silo's proof of the cluster secret");
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var silo in _connections.Keys.ToList()) Forget(silo);
        Task[] retiring;
        lock (_retiring) retiring = [.. _retiring];
        await Task.WhenAll(retiring).ConfigureAwait(false);
    }
}
