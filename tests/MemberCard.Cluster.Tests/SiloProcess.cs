using System.Diagnostics;
using MemberCard.Testing;

namespace MemberCard.Cluster.Tests;

/// <summary>One real server process (silo + REST front door) on loopback ports, joined to a PostgreSQL cluster.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _logPath;
    private Process? _process;

    private SiloProcess(string name, Dictionary<string, string> environment, int httpPort, int siloPort, string logPath)
    {
        Name = name;
        SiloPort = siloPort;
        _environment = environment;
        HttpPort = httpPort;
        _logPath = logPath;
    }

    public string Name { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{HttpPort}/");

    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>The last lines the process wrote (for failure messages).</summary>
    public string LogTail => File.Exists(_logPath) ? string.Join('\n', File.ReadLines(_logPath).TakeLast(30)) : "";

    /// <summary>How many lines the process has written so far (a mark for <see cref="ErrorsSince"/>).</summary>
    public int LogLineCount => File.Exists(_logPath) ? File.ReadLines(_logPath).Count() : 0;

    /// <summary>Error and critical log entries written after line <paramref name="mark"/> (console format "fail:" / "crit:").</summary>
    public List<string> ErrorsSince(int mark) => File.Exists(_logPath)
        ? [.. File.ReadLines(_logPath).Skip(mark).Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)
            || l.Contains("Unhandled exception", StringComparison.Ordinal))]
        : [];

    /// <summary>Warning, error and critical entries after line <paramref name="mark"/>, each with its message line (for the test output).</summary>
    public List<string> WarningsSince(int mark)
    {
        var lines = File.Exists(_logPath) ? File.ReadLines(_logPath).Skip(mark).ToList() : [];
        return [.. lines.Select((line, i) => (Line: line, Next: i + 1 < lines.Count ? lines[i + 1].Trim() : ""))
            .Where(x => x.Line.StartsWith("warn:", StringComparison.Ordinal) || x.Line.StartsWith("fail:", StringComparison.Ordinal)
                || x.Line.StartsWith("crit:", StringComparison.Ordinal))
            .Select(x => $"{x.Line} | {x.Next}")];
    }

    /// <summary>The exit code once the process has ended.</summary>
    public int ExitCode => _process?.ExitCode ?? throw new InvalidOperationException($"{Name} was never started.");

    /// <summary>Sends SIGTERM and returns at once.</summary>
    public void Terminate()
    {
        if (_process is { HasExited: false }) using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
    }

    /// <summary>Waits for the process to end.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        if (_process is not null) await _process.WaitForExitAsync(cancel.Token);
    }

    /// <summary>A REST front door apart from the silos (<c>Server:Role=front-door</c>): an Orleans client of their gateways.</summary>
    public static SiloProcess CreateFrontDoor(string name, string connectionString, string clusterId, string apiKey, string certificatePath)
    {
        var process = Create(name, connectionString, clusterId, apiKey, certificatePath);
        process._environment["Server__Role"] = "front-door";
        process._environment.Remove("Cluster__SiloPort");
        return process;
    }

    /// <summary>A silo (with REST); with <paramref name="gateway"/> it also opens a gateway for front doors.</summary>
    public static SiloProcess Create(string name, string connectionString, string clusterId, string apiKey, string certificatePath, bool gateway = false)
    {
        var httpPort = LoopbackPorts.Free();
        var siloPort = LoopbackPorts.Free();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__Provider"] = "postgres",
            ["Storage__Postgres__ConnectionString"] = connectionString,
            ["Cluster__ClusterId"] = clusterId,
            ["Cluster__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster__Profile"] = "fast",
            // Silo-to-silo traffic over TLS with the cluster's own certificate, as on several machines.
            ["Cluster__Certificate__Path"] = certificatePath,
            ["Cluster__Certificate__Password"] = ClusterCertificate.Password,
            // A killed silo refuses connections at once; the longer time-out only keeps a busy CI machine from
            // suspecting a healthy silo that answers slowly.
            ["Cluster__Membership__ProbeTimeout"] = "00:00:02",
            ["Silo__CallTimeout"] = "00:00:10",
            ["RateLimiting__TokensPerSecond"] = "100000",
            ["RateLimiting__Burst"] = "100000",
            ["MEMBERCARD_BOOTSTRAP_API_KEY"] = apiKey,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information",
        };
        if (gateway) environment["Cluster__GatewayPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new SiloProcess(name, environment, httpPort, siloPort, Path.Combine(Path.GetTempPath(), $"membercard-{clusterId}-{name}.log"));
    }

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet", ["exec", ServerDll])
        {
            WorkingDirectory = Path.GetDirectoryName(ServerDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment) info.Environment[key] = value;
        var log = new StreamWriter(_logPath, append: true) { AutoFlush = true };
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited) throw new InvalidOperationException($"{Name} exited during start:\n{LogTail}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "health/ready"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{LogTail}");
    }

    /// <summary>SIGKILL: the process dies at once, leaving its membership row and directory entries behind.</summary>
    public void Kill() => _process?.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: the host stops gracefully (drains requests, deactivates grains, leaves the cluster).</summary>
    public async Task StopGracefullyAsync(TimeSpan timeout)
    {
        if (_process is null || _process.HasExited) return;
        Terminate();
        await WaitForExitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }

    private static string ServerDll
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MemberCardOrleans.sln"))) directory = directory.Parent;
            if (directory is null) throw new InvalidOperationException("Cannot find the repository root.");
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var dll = Path.Combine(directory.FullName, "src", "MemberCard.Server", "bin", configuration, "net10.0", "MemberCard.Server.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"Build the server first: {dll} is missing.");
        }
    }
}
