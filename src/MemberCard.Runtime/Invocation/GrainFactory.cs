using System.Reflection;
using MemberCard.Runtime.Hosting;

namespace MemberCard.Runtime.Invocation;

/// <summary>Creates grain references; a reference is a small proxy object and activates nothing.</summary>
internal sealed class GrainFactory(GrainRuntime runtime) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : class, IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var type = runtime.Types.ForInterface(typeof(TGrain));
        return (TGrain)(object)Prototype<TGrain>.Instance.BoundCopy(runtime.Catalog, type, new GrainId(type.Name, key));
    }

    // DispatchProxy generates the proxy type once per contract; creating instances through it uses reflection,
    // so one unbound prototype per contract is made and copied for every reference.
    private static class Prototype<TGrain> where TGrain : class
    {
        public static readonly GrainProxy Instance = (GrainProxy)(object)DispatchProxy.Create<TGrain, GrainProxy>();
    }
}
