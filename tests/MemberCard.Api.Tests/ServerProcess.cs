using System.Diagnostics;
using MemberCard.Testing;

namespace MemberCard.Api.Tests;

/// <summary>
/// The real server as a child process (the MemberCard.Server.dll next to the tests), on a loopback port, so a test
/// can kill it the hard way (SIGKILL: no graceful shutdown, no lease released, no checkpoint flushed) and start
/// another on the same database.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>Where the server listens.</summary>
    public Uri Address { get; }

    /// <summary>
    /// Starts the server with <paramref name="settings"/> (configuration keys, ':' separated) in <paramref name="workingDirectory"/>
    /// (by default its binary's folder) and waits until it answers.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string? workingDirectory = null)
    {
        // Output is drained (so the child never blocks on a full pipe) and dropped.
        var (process, address) = ServerLaunch.Start(MemberCardApplication.AdminKey, settings, _ => { }, workingDirectory);
        var server = new ServerProcess(process, address);
        try
        {
            await ServerLaunch.WaitUntilReadyAsync(process, address, TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of this server sending the admin key.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", MemberCardApplication.AdminKey);
        return client;
    }

    /// <summary>Kills the process at once (SIGKILL) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
