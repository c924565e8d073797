using System.Collections.Frozen;
using System.Reflection;
using MemberCard.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Runtime.Catalog;

/// <summary>What the runtime knows about one grain type: its stable name and how to construct it.</summary>
internal sealed record GrainTypeInfo(string Name, Type Interface, Type Implementation, ObjectFactory Factory);

/// <summary>Maps grain contracts to grain classes, built once at start from the registrations.</summary>
public sealed class GrainTypeRegistry
{
    private readonly FrozenDictionary<Type, GrainTypeInfo> _byInterface;
    private readonly FrozenDictionary<string, GrainTypeInfo> _byName;

    /// <summary>Builds the registry; a duplicate type name is a configuration error.</summary>
    public GrainTypeRegistry(IEnumerable<GrainRegistration> registrations)
    {
        var infos = registrations.Select(r => new GrainTypeInfo(
            NameOf(r.Implementation), r.Interface, r.Implementation,
            ActivatorUtilities.CreateFactory(r.Implementation, Type.EmptyTypes))).ToList();
        var duplicate = infos.GroupBy(i => i.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Grain type name '{duplicate.Key}' is used twice.");
        _byInterface = infos.ToFrozenDictionary(i => i.Interface);
        _byName = infos.ToFrozenDictionary(i => i.Name);
    }

    /// <summary>Number of registered grain types.</summary>
    public int Count => _byInterface.Count;

    internal GrainTypeInfo ForInterface(Type grainInterface) =>
        _byInterface.TryGetValue(grainInterface, out var info)
            ? info
            : throw new InvalidOperationException($"No grain implements {grainInterface.Name}; register it with AddGrain.");

    internal GrainTypeInfo ForName(string name) =>
        _byName.TryGetValue(name, out var info) ? info : throw new InvalidOperationException($"Unknown grain type '{name}'.");

    /// <summary>Fails at start, not at the first call, when a contract has a method the runtime cannot call.</summary>
    internal void Validate()
    {
        foreach (var info in _byInterface.Values)
        {
            foreach (var method in info.Interface.GetMethods())
            {
                var returns = method.ReturnType;
                var ok = returns == typeof(Task) || (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>));
                if (!ok) throw new InvalidOperationException($"{info.Interface.Name}.{method.Name} must return Task or Task<T>.");
            }
        }
    }

    private static string NameOf(Type implementation) =>
        implementation.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? implementation.Name.ToLowerInvariant();
}
