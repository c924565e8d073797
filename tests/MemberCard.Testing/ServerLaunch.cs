using System.Diagnostics;
using System.Net;

namespace MemberCard.Testing;

/// <summary>
/// Starts the real server (MemberCard.Server.dll beside the test assembly) as a child process on a free loopback port,
/// for tests that need a process of its own (a kill, a browser), and waits until it is ready.
/// </summary>
public static class ServerLaunch
{
    /// <summary>
    /// Starts the server with the bootstrap key <paramref name="adminKey"/> and <paramref name="settings"/> (configuration
    /// keys, ':' separated); every output line goes to <paramref name="output"/> (which also keeps the pipes drained). It runs in
    /// <paramref name="workingDirectory"/>, by default the folder of the server's binary.
    /// </summary>
    public static (Process Process, Uri Address) Start(
        string adminKey, IReadOnlyDictionary<string, string> settings, Action<string?> output, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = LoopbackPorts.Free();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "MemberCard.Server.dll")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["MEMBERCARD_BOOTSTRAP_API_KEY"] = adminKey;
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => output(e.Data);
        process.ErrorDataReceived += (_, e) => output(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>
    /// Waits until <c>/health/ready</c> answers 200; throws when the process exits first (with <paramref name="output"/>'s
    /// text) or after <paramref name="timeout"/>.
    /// </summary>
    public static async Task WaitUntilReadyAsync(Process process, Uri address, TimeSpan timeout, Func<string>? output = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode} while starting.\n{output?.Invoke()}");
            try
            {
                if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The server did not become ready within {timeout.TotalSeconds:0} s.");
            await Task.Delay(100);
        }
    }
}
