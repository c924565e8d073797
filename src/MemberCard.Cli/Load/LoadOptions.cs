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

    /// <summary><c>--hot-cards</c>: every till picks among the first this many cards instead of all of them.</summary>
    public int? HotCards { get; init; }

    /// <summary><c>--burst</c>: each round fires this many requests at once, one per card, instead of running tills for a duration.</summary>
    public int? Burst { get; init; }

    /// <summary>A burst's request counts as acknowledged in time when its 2xx answer came within this long of the burst's start.</summary>
    public TimeSpan BurstDeadline { get; init; } = TimeSpan.FromSeconds(1);

    public DatabaseDurability Database { get; init; }

    /// <summary>The cards the rounds send requests to: the first this many (the others are seeded and left alone).</summary>
    public int TouchedCards => Burst ?? HotCards ?? Cards;

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
        if (HotCards is < 1) yield return "--hot-cards must be at least 1.";
        else if (HotCards > Cards) yield return "--hot-cards cannot be more than --cards (the hot cards are seeded cards).";
        if (Burst is < 1 or > MaxClients) yield return $"--burst must be 1..{MaxClients}.";
        else if (Burst > Cards) yield return "--burst sends each request to its own card: --cards must be at least --burst.";
        if (Burst is not null && HotCards is not null) yield return "--burst and --hot-cards do not go together (a burst is on distinct cards).";
        if (Burst is not null && Requests is not null) yield return "--requests does not apply to --burst (a round is the burst).";
        if (BurstDeadline <= TimeSpan.Zero || BurstDeadline > TimeSpan.FromMinutes(10)) yield return "--burst-deadline must be above 0 and at most 10m.";
    }
}
