using System.Reflection;
using MemberCard.Runtime.Catalog;

namespace MemberCard.Runtime.Invocation;

/// <summary>
/// The object behind a grain reference. <see cref="DispatchProxy"/> generates the interface implementation
/// once per contract; every call lands here and is sent to the catalog through the method's cached invoker.
/// </summary>
public class GrainProxy : DispatchProxy
{
    private GrainCatalog? _catalog;
    private GrainTypeInfo? _type;

    /// <summary>The grain this reference points at.</summary>
    public GrainId GrainId { get; private set; }

    /// <summary>
    /// A reference to <paramref name="grain"/> made by copying this unbound prototype: a shallow copy of the
    /// generated proxy keeps its method table and costs no reflection, unlike creating a proxy afresh.
    /// </summary>
    internal GrainProxy BoundCopy(GrainCatalog catalog, GrainTypeInfo type, GrainId grain)
    {
        var copy = (GrainProxy)MemberwiseClone();
        copy._catalog = catalog;
        copy._type = type;
        copy.GrainId = grain;
        return copy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        GrainMethod.For(targetMethod!).Call(_catalog!, _type!, GrainId, args ?? []);

    /// <inheritdoc />
    public override string ToString() => GrainId.ToString();
}
