using OrleansGrainId = Orleans.Runtime.GrainId;
using StorageGrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Storage.State;

/// <summary>
/// The storage key of an Orleans grain: its grain type name (from <c>[GrainType]</c>) and its key as text. The type is
/// part of every key, so two grain types never collide on one key (Orleans' ADO.NET storage keys by state name).
/// </summary>
public static class StorageIds
{
    /// <summary>The storage key of <paramref name="grain"/>.</summary>
    public static StorageGrainId Of(OrleansGrainId grain) => new(grain.Type.ToString()!, grain.Key.ToString()!);
}
