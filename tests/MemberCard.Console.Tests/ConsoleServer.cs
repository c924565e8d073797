using System.Diagnostics;
using System.Text;
using MemberCard.Testing;

namespace MemberCard.Console.Tests;

/// <summary>
/// The real server (MemberCard.Server.dll next to the tests, with the built console in console/) as a child process on a
/// loopback port, on a fresh SQLite directory it deletes afterwards.
/// </summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    /// <summary>The bootstrap admin key the tests seed data with (API only; people use staff accounts).</summary>
    public const string AdminKey = "console-tests-admin-key-0123456789";

    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly StringBuilder _output = new();

    private ConsoleServer(Process process, Uri address, string dataDirectory)
    {
        _process = process;
        Address = address;
        _dataDirectory = dataDirectory;
    }

    /// <summary>Where the server listens.</summary>
    public Uri Address { get; }

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts the server and waits until /health/ready answers.</summary>
    public static async Task<ConsoleServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var index = Path.Combine(AppContext.BaseDirectory, "console", "index.html");
        if (!File.Exists(index))
            throw new InvalidOperationException($"The console is not built ({index} is missing): the server's build needs Node.js and npm.");
        var data = Path.Combine(Path.GetTempPath(), "membercard-console-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var all = new Dictionary<string, string> { ["Storage:Provider"] = "sqlite", ["Storage:Sqlite:DataDirectory"] = data };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        ConsoleServer? server = null;
        var (process, address) = ServerLaunch.Start(AdminKey, all, line => server?.Append(line));
        server = new ConsoleServer(process, address, data);
        try
        {
            await ServerLaunch.WaitUntilReadyAsync(process, address, TimeSpan.FromSeconds(90), () => server.Output);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held; the temp folder is cleaned by the system.
        }
    }
}
