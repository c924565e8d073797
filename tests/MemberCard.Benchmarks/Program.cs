namespace MemberCard.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (see docs/benchmarks.md).</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) =>
        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
