using System.Net;
using System.Net.Sockets;
using MemberCard.Runtime.Cluster;
using Microsoft.Extensions.Logging;

namespace MemberCard.Runtime.Messaging;

/// <summary>
/// Accepts connections from other silos on the silo port. The socket is bound when the listener is created, so
/// the actual port (when configured as 0) is known before the silo names itself.
/// </summary>
internal sealed class SiloListener : IAsyncDisposable
{
    private const int MinSecretLength = 32;
    private readonly Socket _socket;
    private readonly ClusterOptions _options;
    private readonly ILogger<SiloListener> _logger;
    private readonly List<SiloConnection> _accepted = [];
    private readonly Lock _lock = new();
    private Task? _acceptLoop;
    private bool _stopped;

    public SiloListener(ClusterOptions options, ILogger<SiloListener> logger)
    {
        _options = options;
        _logger = logger;
        RequireSecretBeyondLoopback(options);
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(new IPEndPoint(IPAddress.Parse(options.ListenAddress), options.SiloPort));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    /// <summary>The port actually bound.</summary>
    public int Port { get; }

    /// <summary>A silo port reachable from other machines must authenticate its peers (docs/cluster.md).</summary>
    private static void RequireSecretBeyondLoopback(ClusterOptions options)
    {
        if (options.Secret is { } secret)
        {
            if (secret.Length < MinSecretLength)
                throw new InvalidOperationException($"Cluster:Secret must be at least {MinSecretLength} characters.");
            return;
        }
        if (!IPAddress.IsLoopback(IPAddress.Parse(options.ListenAddress)))
            throw new InvalidOperationException(
                $"The silo port would listen on {options.ListenAddress}, beyond loopback, without Cluster:Secret: set the same secret on every silo.");
    }

    public void Start(Func<PeerSession, Frame, Task<Frame>> handler)
    {
        _socket.Listen(512);
        _acceptLoop = AcceptLoopAsync(handler);
    }

    private async Task AcceptLoopAsync(Func<PeerSession, Frame, Task<Frame>> handler)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            var session = new PeerSession(authenticated: _options.Secret is null);
            var connection = new SiloConnection(accepted, _options.MaxInFlightPerConnection, frame => handler(session, frame), _logger);
            lock (_lock)
            {
                if (_stopped)
                {
                    _ = connection.DisposeAsync();
                    continue;
                }
                _accepted.RemoveAll(c => c.IsClosed);
                _accepted.Add(connection);
            }
        }
    }

    /// <summary>Stops accepting and closes every accepted connection.</summary>
    public async ValueTask DisposeAsync()
    {
        List<SiloConnection> open;
        lock (_lock)
        {
            _stopped = true;
            open = [.. _accepted];
        }
        _socket.Dispose();
        await Task.WhenAll(open.Select(c => c.DrainAndCloseAsync(TimeSpan.FromSeconds(2)))).ConfigureAwait(false);
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
    }
}
