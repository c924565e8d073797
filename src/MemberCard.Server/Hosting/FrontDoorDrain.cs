using Microsoft.AspNetCore.Hosting.Server;

namespace MemberCard.Server.Hosting;

/// <summary>
/// On a graceful stop, stops the REST front door (no new connections, in-flight requests finish) before the silo
/// stops. The host stops services in reverse order of registration and the web server was registered before the silo,
/// so without this the silo would leave while requests were still calling grains through it. Registered after
/// <c>UseOrleans</c>; stopping the server again later (the web host does) returns at once.
/// </summary>
internal sealed class FrontDoorDrain(IServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
