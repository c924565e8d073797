using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;

namespace MemberCard.Benchmarks.Storage;

/// <summary>Leaves the <see cref="NeedsPostgresAttribute"/> benchmarks out, and says why, when no server is configured.</summary>
public sealed class StorageBenchmarkConfig : ManualConfig
{
    private static int _explained;

    public StorageBenchmarkConfig()
    {
        if (BenchmarkPostgres.ConnectionString is not null) return;
        // The config is built more than once per run; one explanation is enough.
        if (Interlocked.Exchange(ref _explained, 1) == 0) Console.WriteLine(BenchmarkPostgres.MissingReason);
        AddFilter(new SimpleFilter(benchmark => !benchmark.Descriptor.WorkloadMethod.IsDefined(typeof(NeedsPostgresAttribute))));
    }
}
