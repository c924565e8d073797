using System.Diagnostics;

namespace MemberCard.Deploy.Tests;

/// <summary>deploy/secrets.sh run once into a scratch directory: the secrets every manifest refers to.</summary>
public sealed class GeneratedSecrets : IDisposable
{
    public GeneratedSecrets()
    {
        Directory = Path.Combine(Path.GetTempPath(), "membercard-deploy-tests", Guid.NewGuid().ToString("N"));
        var (exitCode, error) = RunScript(Directory);
        if (exitCode != 0) throw new InvalidOperationException($"secrets.sh exited with {exitCode}: {error}");
    }

    /// <summary>Runs deploy/secrets.sh into <paramref name="directory"/>: its exit code and standard error.</summary>
    public static (int ExitCode, string Error) RunScript(string directory)
    {
        var info = new ProcessStartInfo("bash", [DeployFiles.PathOf("secrets.sh"), directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result);
    }

    /// <summary>Where the files are.</summary>
    public string Directory { get; }

    /// <summary>The generated Kubernetes Secrets: each name with its keys.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> KubernetesSecrets() =>
        DeployFiles.Documents(Path.Combine(Directory, "k8s-secrets.yaml"))
            .Where(d => d["kind"].Text == "Secret")
            .ToDictionary(
                d => d.At("metadata.name").Text,
                d => (IReadOnlySet<string>)d["stringData"].Entries.Keys.Concat(d["data"].Entries.Keys).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);

    /// <summary>The variables of one generated env file.</summary>
    public IReadOnlyDictionary<string, string> EnvFile(string name) =>
        File.ReadAllLines(Path.Combine(Directory, name))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Scratch space; a leftover is harmless.
        }
    }
}
