namespace MemberCard.Cli.Load;

/// <summary>What a till asks the API. The order is the row order of every report.</summary>
internal enum Operation
{
    Lookup,
    TopUp,
    Purchase,
    Refund,
}

internal static class Operations
{
    public const int Count = 4;

    public static readonly Operation[] All = [Operation.Lookup, Operation.TopUp, Operation.Purchase, Operation.Refund];

    /// <summary>The name used in <c>--mix</c>, in the summary and in the JSON.</summary>
    public static string Name(Operation operation) => operation switch
    {
        Operation.Lookup => "lookup",
        Operation.TopUp => "topup",
        Operation.Purchase => "purchase",
        Operation.Refund => "refund",
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
