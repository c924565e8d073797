using System.Diagnostics;

namespace MemberCard.Cli.Backup;

/// <summary>
/// Runs pg_dump or pg_restore with the connection in its environment and hands each line it writes to stderr
/// (its <c>--verbose</c> log) to a callback; a failure throws with the tool's own last error line.
/// </summary>
internal static class PostgresToolRun
{
    public static async Task<string> RunAsync(
        string tool, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, Action<string> onLine,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new BackupException($"cannot start {tool}");
        string? lastError = null;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Contains("error:", StringComparison.Ordinal) || line.Contains("FATAL:", StringComparison.Ordinal)) lastError ??= line;
                onLine(line);
            }
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
            throw new BackupException($"{Path.GetFileName(tool)} failed (exit code {process.ExitCode}): {lastError ?? "no error message"}");
        return await output;
    }
}
