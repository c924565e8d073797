namespace MemberCard.Storage.State;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IAtomicState{TState}"/>: Orleans creates the facet for the
/// activation and loads the grain's committed state before <c>OnActivateAsync</c>, as it does for
/// <c>[PersistentState]</c>. A grain has one such state; its storage key is the grain's type and key.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class AtomicStateAttribute : Attribute, IFacetMetadata;
