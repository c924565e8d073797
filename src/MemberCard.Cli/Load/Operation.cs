namespace MemberCard.Cli.Load;

/// <summary>What a till asks the API. The order is the row order of every report.</summary>
internal enum Operation
{
    Lookup,
    TopUp,
    Purchase,
    Refund,

    /// <summary>The server's no-op <c>GET /health/live</c>: what the HTTP stack costs with no card behind it. Writes nothing.</summary>
    Ping,
}

internal static class Operations
{
    public const int Count = 5;

    public static readonly Operation[] All = [Operation.Lookup, Operation.TopUp, Operation.Purchase, Operation.Refund, Operation.Ping];

    /// <summary>The names, as <c>--mix</c> takes them.</summary>
    public static string Names => string.Join(", ", All.Select(Name));

    /// <summary>The name used in <c>--mix</c>, in the summary and in the JSON.</summary>
    public static string Name(Operation operation) => operation switch
    {
        Operation.Lookup => "lookup",
        Operation.TopUp => "topup",
        Operation.Purchase => "purchase",
        Operation.Refund => "refund",
        Operation.Ping => "ping",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public static bool TryParse(string name, out Operation operation)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                operation = candidate;
                return true;
            }
        }
        operation = default;
        return false;
    }
}
