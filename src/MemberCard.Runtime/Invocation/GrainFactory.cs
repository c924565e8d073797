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
        var reference = DispatchProxy.Create<TGrain, GrainProxy>();
        ((GrainProxy)(object)reference).Bind(runtime.Catalog, type, new GrainId(type.Name, key));
        return reference;
    }
}
