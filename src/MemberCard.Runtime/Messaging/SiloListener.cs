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
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(new IPEndPoint(IPAddress.Parse(options.ListenAddress), options.SiloPort));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    /// <summary>The port actually bound.</summary>
    public int Port { get; }

    public void Start(Func<Frame, Task<Frame>> handler)
    {
        _socket.Listen(512);
        _acceptLoop = AcceptLoopAsync(handler);
    }

    private async Task AcceptLoopAsync(Func<Frame, Task<Frame>> handler)
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
            var connection = new SiloConnection(accepted, _options.MaxInFlightPerConnection, handler, _logger);
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
