namespace MemberCard.Cli.Load;

/// <summary>
/// How the servers' database was told to keep its writes, as the caller says (<c>--database</c>; scripts/bench.sh
/// reads it back from PostgreSQL). The tool cannot see it itself, so by default it says nothing.
/// </summary>
internal enum DatabaseDurability
{
    Unknown,

    /// <summary>fsync, synchronous_commit and full_page_writes on: an acknowledged write survives a crash.</summary>
    Durable,

    /// <summary>fsync, synchronous_commit and full_page_writes off: fast, and an acknowledged write may be lost.</summary>
    Unsafe,
}

internal static class DatabaseDurabilities
{
    /// <summary>The label on every table and in the JSON; the unsafe one is meant to be impossible to miss.</summary>
    public const string UnsafeLabel = "unsafe: fsync off";

    public const string DurableLabel = "durable: fsync on";

    /// <summary>The label of <paramref name="durability"/>, or null when it is not known.</summary>
    public static string? Label(DatabaseDurability durability) => durability switch
    {
        DatabaseDurability.Durable => DurableLabel,
        DatabaseDurability.Unsafe => UnsafeLabel,
        _ => null,
    };

    /// <summary>What goes after every title and result line: <c> [unsafe: fsync off]</c>, or nothing when it is not known.</summary>
    public static string Tag(DatabaseDurability durability) => Label(durability) is { } label ? $" [{label}]" : "";

    /// <summary>Reads <c>durable</c>, <c>unsafe</c> or <c>unknown</c>.</summary>
    public static bool TryParse(string text, out DatabaseDurability durability)
    {
        foreach (var candidate in Enum.GetValues<DatabaseDurability>())
        {
            if (string.Equals(candidate.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                durability = candidate;
                return true;
            }
        }
        durability = DatabaseDurability.Unknown;
        return false;
    }
}
