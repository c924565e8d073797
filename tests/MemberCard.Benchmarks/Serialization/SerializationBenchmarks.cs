using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace MemberCard.Benchmarks.Serialization;

/// <summary>
/// Serializing and deserializing the point-of-sale messages with the source-generated contexts, against
/// reflection-based <see cref="System.Text.Json.JsonSerializer"/> with the web defaults (the baseline). Both are
/// measured warm: reflection's one-off metadata cost at first use is not in these numbers.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SerializationBenchmarks
{
    private const string Serialize = "serialize";
    private const string Deserialize = "deserialize";

    public static IEnumerable<PosMessage> Messages => PosMessages.All;

    [ParamsSource(nameof(Messages))]
    public PosMessage Message { get; set; } = null!;

    [GlobalSetup]
    public void ReportSize() => Console.WriteLine($"// {Message}: {Message.JsonLength} B of JSON");

    [Benchmark(Baseline = true), BenchmarkCategory(Serialize)]
    public byte[] SerializeReflection() => Message.SerializeWithReflection();

    [Benchmark, BenchmarkCategory(Serialize)]
    public byte[] SerializeSourceGenerated() => Message.SerializeSourceGenerated();

    [Benchmark(Baseline = true), BenchmarkCategory(Deserialize)]
    public object DeserializeReflection() => Message.DeserializeWithReflection();

    [Benchmark, BenchmarkCategory(Deserialize)]
    public object DeserializeSourceGenerated() => Message.DeserializeSourceGenerated();
}
