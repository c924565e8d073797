using MemberCard.Runtime.Storage;

namespace MemberCard.Runtime;

/// <summary>Base of the storage contract's exceptions.</summary>
public abstract class GrainRuntimeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A write expected a version that is no longer the stored one: the writer held stale state. Nothing was committed.
/// The state facet turns it into Orleans' own InconsistentStateException.
/// </summary>
public sealed class InconsistentStateException(GrainId grain, long expectedVersion)
    : GrainRuntimeException($"State of {grain} is no longer at version {expectedVersion}.")
{
    /// <summary>The grain whose write was refused.</summary>
    public GrainId Grain { get; } = grain;
}

/// <summary>A write's claim is held by someone else; nothing of the write was committed.</summary>
public sealed class ClaimConflictException(IReadOnlyList<ClaimKey> conflicts)
    : GrainRuntimeException($"Claim already taken: {string.Join(", ", conflicts)}.")
{
    /// <summary>The claims that were held.</summary>
    public IReadOnlyList<ClaimKey> Conflicts { get; } = conflicts;
}

/// <summary>The silo has stopped writing (it is shutting down): nothing was committed; another silo can take the call.</summary>
public sealed class StorageStoppedException(string message) : GrainRuntimeException(message);
