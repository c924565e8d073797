using System.Collections.Concurrent;
using System.Reflection;
using MemberCard.Grains;

namespace MemberCard.Server.Cluster;

/// <summary>
/// Orleans counts activations by grain class ("MemberCard.Grains.Cards.CardGrain,MemberCard.Grains"); operators know
/// grains by their grain type name ("card", from <see cref="GrainTypeAttribute"/>). Classes without one keep their name.
/// </summary>
internal static class GrainTypeNames
{
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<string, string> Known = new[] { typeof(StateGrain<>).Assembly, typeof(GrainTypeNames).Assembly }
        .SelectMany(a => a.GetTypes())
        // The attribute's type does not depend on the services it is given.
        .Select(t => (t.FullName, t.GetCustomAttribute<GrainTypeAttribute>()?.GetGrainType(null!, t).ToString()))
        .Where(p => p.FullName is not null && p.Item2 is not null)
        .ToDictionary(p => p.FullName!, p => p.Item2!, StringComparer.Ordinal);

    public static string Of(string className) => Names.GetOrAdd(className, static name =>
    {
        var comma = name.IndexOf(',');
        var fullName = comma < 0 ? name : name[..comma];
        return Known.TryGetValue(fullName.Trim(), out var type) ? type : fullName.Trim();
    });
}
