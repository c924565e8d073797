namespace MemberCard.Cli.Load;

/// <summary>Everything one <c>membercard load</c> run was asked to do.</summary>
internal sealed record LoadOptions
{
    public const int MaxClients = 10_000;
    public const int MaxCards = 999_999;
    public const int MaxStores = 99;
    public const int MaxRounds = 100;

    // Bounded on purpose: a forgotten load run on a shared machine must end by itself.
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    public required IReadOnlyList<LoadTarget> Targets { get; init; }
    public required string ApiKey { get; init; }
    public int Clients { get; init; } = 100;
    public int Cards { get; init; } = 1000;
    public int Stores { get; init; } = 1;
    public string StorePrefix { get; init; } = "LOAD";
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public long? Requests { get; init; }
    public int Rounds { get; init; } = 1;
    public required OperationMix Mix { get; init; }
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public string? JsonPath { get; init; }
    public bool SeedOnly { get; init; }
    public int SeedParallelism { get; init; } = 64;
    public int VerifySample { get; init; } = 50;
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The store of a till or a member: spreads them evenly over the seeded stores.</summary>
    public string StoreId(int index) => $"{StorePrefix}-{index % Stores + 1:00}";

    public IEnumerable<string> Validate()
    {
        if (Targets.Count == 0) yield return "give at least one --target (or --url).";
        foreach (var duplicate in Targets.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            yield return $"two targets are named '{duplicate.Key}'; name them, e.g. --target ours=URL --target baseline=URL.";
        if (string.IsNullOrWhiteSpace(ApiKey)) yield return "give --api-key (or set MEMBERCARD_API_KEY).";
        if (Clients is < 1 or > MaxClients) yield return $"--clients must be 1..{MaxClients}.";
        if (Cards is < 1 or > MaxCards) yield return $"--cards must be 1..{MaxCards}.";
        if (Stores is < 1 or > MaxStores) yield return $"--stores must be 1..{MaxStores}.";
        if (StorePrefix.Length is < 1 or > 20 || !StorePrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            yield return "--store-prefix must be 1-20 letters, digits, '-' or '_'.";
        if (Duration <= TimeSpan.Zero || Duration > MaxDuration) yield return "--duration must be above 0 and at most 1h.";
        if (Requests is < 1) yield return "--requests must be at least 1.";
        if (Rounds is < 1 or > MaxRounds) yield return $"--rounds must be 1..{MaxRounds}.";
        if (Warmup < TimeSpan.Zero || Warmup > MaxDuration) yield return "--warmup must be 0..1h.";
        if (Settle < TimeSpan.Zero || Settle > MaxDuration) yield return "--settle must be 0..1h.";
        if (SeedParallelism is < 1 or > 1024) yield return "--seed-parallelism must be 1..1024.";
        if (VerifySample < 0) yield return "--verify-sample must be 0 or more.";
        if (JsonPath is not null && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(JsonPath))))
            yield return $"--json: the folder of '{JsonPath}' does not exist.";
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(10)) yield return "--request-timeout must be above 0 and at most 10m.";
    }
}
