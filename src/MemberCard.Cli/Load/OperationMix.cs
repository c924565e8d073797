using System.Globalization;

namespace MemberCard.Cli.Load;

/// <summary>Relative weights of the operations, e.g. <c>lookup=40,topup=20,purchase=35,refund=5</c>.</summary>
internal sealed class OperationMix
{
    public const string DefaultText = "lookup=40,topup=20,purchase=35,refund=5";

    public static OperationMix Default { get; } = TryParse(DefaultText, out var mix, out var error) ? mix : throw new InvalidOperationException(error);

    private readonly int[] _weights;
    private readonly int _total;

    private OperationMix(int[] weights)
    {
        _weights = weights;
        _total = weights.Sum();
    }

    /// <summary>Parses a mix; operations left out get weight 0.</summary>
    public static bool TryParse(string text, out OperationMix mix, out string error)
    {
        mix = null!;
        var weights = new int[Operations.Count];
        var seen = new bool[Operations.Count];
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !Operations.TryParse(pair[0], out var operation))
            {
                error = $"'{part}' is not operation=weight with operation one of {Operations.Names}.";
                return false;
            }
            if (!int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight) || weight > 1_000_000)
            {
                error = $"the weight in '{part}' must be a whole number from 0 to 1000000.";
                return false;
            }
            if (seen[(int)operation])
            {
                error = $"{pair[0]} is given twice.";
                return false;
            }
            seen[(int)operation] = true;
            weights[(int)operation] = weight;
        }
        if (weights.Sum() == 0)
        {
            error = "at least one operation needs a weight above 0.";
            return false;
        }
        mix = new OperationMix(weights);
        error = "";
        return true;
    }

    public int Weight(Operation operation) => _weights[(int)operation];

    /// <summary>The same weights with <paramref name="operation"/> left out, or null when nothing else has a weight.</summary>
    public OperationMix? Without(Operation operation)
    {
        var weights = (int[])_weights.Clone();
        weights[(int)operation] = 0;
        return weights.Sum() == 0 ? null : new OperationMix(weights);
    }

    public Operation Pick(Random random)
    {
        var n = random.Next(_total);
        for (var i = 0; i < _weights.Length; i++)
        {
            if (n < _weights[i]) return (Operation)i;
            n -= _weights[i];
        }
        throw new InvalidOperationException("The weights do not add up.");
    }

    public override string ToString() =>
        string.Join(',', Operations.All.Select(o => $"{Operations.Name(o)}={Weight(o)}"));
}
