using System.Collections.Concurrent;
using Orleans.Metadata;

namespace MemberCard.Server.Cluster;

/// <summary>
/// Orleans counts activations by grain class ("MemberCard.Grains.Cards.CardGrain,MemberCard.Grains"); operators know
/// grains by their grain type name ("card"), which Orleans' own <see cref="GrainTypeResolver"/> gives for a class.
/// A class name that does not load keeps its name.
/// </summary>
internal static class GrainTypeNames
{
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);

    public static string Of(GrainTypeResolver resolver, string className) => Names.GetOrAdd(className, static (name, types) =>
        Type.GetType(name, throwOnError: false) is { } type ? types.GetGrainType(type).ToString()! : name.Split(',')[0].Trim(), resolver);
}
