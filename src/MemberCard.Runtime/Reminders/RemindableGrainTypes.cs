using MemberCard.Runtime.Catalog;

namespace MemberCard.Runtime.Reminders;

/// <summary>A grain contract whose grains receive reminders.</summary>
public sealed record RemindableRegistration(Type Interface, Func<IGrainFactory, string, IRemindable> Reference);

/// <summary>Maps a grain type name to a reference maker for the remindable grains registered with AddRemindable.</summary>
public sealed class RemindableGrainTypes
{
    private readonly Dictionary<string, Func<IGrainFactory, string, IRemindable>> _byName;

    /// <summary>Builds the map from the registrations and the grain type names the runtime gives the contracts.</summary>
    public RemindableGrainTypes(IEnumerable<RemindableRegistration> registrations, GrainTypeRegistry types) =>
        _byName = registrations.ToDictionary(r => types.ForInterface(r.Interface).Name, r => r.Reference);

    /// <summary>Whether grains of <paramref name="grainType"/> receive reminders.</summary>
    public bool Contains(string grainType) => _byName.ContainsKey(grainType);

    /// <summary>A reference to the remindable grain <paramref name="grain"/>.</summary>
    public IRemindable Reference(IGrainFactory factory, GrainId grain) =>
        _byName.TryGetValue(grain.Type, out var make) ? make(factory, grain.Key)
            : throw new InvalidOperationException($"Grain type '{grain.Type}' is not remindable.");
}
