using System.Net;
using System.Net.Sockets;

namespace MemberCard.Testing;

/// <summary>
/// Loopback ports for servers a test starts. Taken outside the kernel's ephemeral range (32768-60999 on Linux) and
/// never twice in one process: a port found with bind(0) and closed again can go to the next bind(0) or an outgoing
/// connection before the server binds it (as the single silo's own choice, MemberCard.Server's SiloHosting).
/// </summary>
public static class LoopbackPorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Free()
    {
        while (true)
        {
            var port = Random.Shared.Next(20000, 32768);
            lock (HandedOut) if (!HandedOut.Add(port)) continue;
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by another process: try another.
            }
        }
    }
}
