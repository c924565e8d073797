using System.Globalization;

namespace MemberCard.Deploy.Tests;

/// <summary>One value of a parsed YAML document: a map, a list, a scalar (always text, as YAML gives it) or nothing.</summary>
public sealed class Node(object? value)
{
    /// <summary>Whether the value is absent (missing key or YAML null).</summary>
    public bool IsMissing => value is null;

    /// <summary>The child under <paramref name="key"/>, or a missing node.</summary>
    public Node this[string key] => new(value is IDictionary<object, object?> map && map.TryGetValue(key, out var child) ? child : null);

    /// <summary>The value at a dotted path of keys (<c>spec.template.metadata.labels</c>).</summary>
    public Node At(string path) => path.Split('.').Aggregate(this, (node, key) => node[key]);

    /// <summary>The scalar's text; fails when the value is not a scalar.</summary>
    public string Text => value switch
    {
        string text => text,
        null => throw new InvalidOperationException("The value is missing."),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? throw new InvalidOperationException($"Not a scalar: {value.GetType().Name}."),
    };

    /// <summary>The scalar's text, or null when missing.</summary>
    public string? TextOrNull => IsMissing ? null : Text;

    /// <summary>The items of a list (none when missing).</summary>
    public IReadOnlyList<Node> Items => value switch
    {
        IEnumerable<object?> list when value is not string && value is not IDictionary<object, object?> => [.. list.Select(i => new Node(i))],
        null => [],
        _ => throw new InvalidOperationException($"Not a list: {value.GetType().Name}."),
    };

    /// <summary>The entries of a map (none when missing).</summary>
    public IReadOnlyDictionary<string, Node> Entries => value switch
    {
        IDictionary<object, object?> map => map.ToDictionary(e => Convert.ToString(e.Key, CultureInfo.InvariantCulture)!, e => new Node(e.Value), StringComparer.Ordinal),
        null => new Dictionary<string, Node>(),
        _ => throw new InvalidOperationException($"Not a map: {value.GetType().Name}."),
    };

    /// <summary>A map of scalars as text (labels, selectors, environment).</summary>
    public IReadOnlyDictionary<string, string> Strings => Entries.ToDictionary(e => e.Key, e => e.Value.Text, StringComparer.Ordinal);

    /// <inheritdoc />
    public override string ToString() => value?.ToString() ?? "(missing)";
}
