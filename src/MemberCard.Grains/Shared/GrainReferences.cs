namespace MemberCard.Grains.Shared;

/// <summary>
/// Grain references without Orleans' per-call interface lookup: <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves the
/// interface's <see cref="GrainInterfaceType"/> from its attributes (reflection) and then its grain type on every call,
/// which cost 5 % of the server's CPU on a card lookup (perf, docs/benchmarks.md). Both are fixed for an interface in a
/// process, so they are resolved once, by Orleans itself, and each reference is then made from its <see cref="GrainId"/>.
/// </summary>
public static class GrainReferences
{
    /// <summary>The same reference as <c>grains.GetGrain&lt;TGrain&gt;(key)</c>.</summary>
    public static TGrain GrainOf<TGrain>(this IGrainFactory grains, string key) where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        var (grainType, interfaceType) = Types<TGrain>.Resolved ??= Resolve<TGrain>(grains);
        return (TGrain)grains.GetGrain(GrainId.Create(grainType, key), interfaceType);
    }

    private static (GrainType, GrainInterfaceType) Resolve<TGrain>(IGrainFactory grains) where TGrain : IGrainWithStringKey
    {
        var sample = (GrainReference)(object)grains.GetGrain<TGrain>("resolve");
        return (sample.GrainId.Type, sample.InterfaceType);
    }

    private static class Types<TGrain>
    {
        public static (GrainType, GrainInterfaceType)? Resolved;
    }
}
