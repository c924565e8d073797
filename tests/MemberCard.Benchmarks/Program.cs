using System.Runtime.CompilerServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace MemberCard.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (see README.md; results in RESULTS.md).</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args, DefaultConfig.Instance
            .WithArtifactsPath(ArtifactsPath())
            // BenchmarkDotNet rebuilds the whole solution without the shared compiler; on a busy 2-core machine
            // that takes longer than its default 2 minutes.
            .WithBuildTimeout(TimeSpan.FromMinutes(10)));

    // Inside this project whatever the working directory, so the project's .gitignore keeps the output out of git;
    // --artifacts still overrides it. Falls back to BenchmarkDotNet's default when the source tree is not here.
    private static string ArtifactsPath([CallerFilePath] string programFile = "")
    {
        var projectDirectory = Path.GetDirectoryName(programFile);
        return Directory.Exists(projectDirectory)
            ? Path.Combine(projectDirectory, "BenchmarkDotNet.Artifacts")
            : DefaultConfig.Instance.ArtifactsPath;
    }
}
