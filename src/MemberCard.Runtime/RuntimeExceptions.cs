using MemberCard.Runtime.Storage;

namespace MemberCard.Runtime;

/// <summary>Root of the runtime's exception tree; domain code never throws these.</summary>
public abstract class GrainRuntimeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The call could not be served now (silo stopping, state changed underneath a stale activation twice,
/// storage unreachable, the silo holding the grain unreachable). Nothing was committed by the failed attempt,
/// except when the silo holding the grain died while running the call: then the outcome is unknown and only an
/// idempotent retry (an idempotency key, an order number) is safe. The REST edge answers 503 <c>unavailable</c>.
/// </summary>
public sealed class GrainUnavailableException(string message, Exception? inner = null) : GrainRuntimeException(message, inner);

/// <summary>The call did not complete within the call time-out. It may still complete later.</summary>
public sealed class GrainCallTimeoutException(GrainId grain, TimeSpan timeout)
    : GrainRuntimeException($"Call to {grain} did not complete within {timeout}.")
{
    /// <summary>The grain that did not answer.</summary>
    public GrainId Grain { get; } = grain;

    /// <summary>How long the caller waited.</summary>
    public TimeSpan Timeout { get; } = timeout;
}

/// <summary>
/// A state write found a different version in storage than the activation expected: another writer
/// (a duplicate or older activation) committed first. The write committed nothing.
/// </summary>
public sealed class InconsistentStateException(GrainId grain, long expectedVersion)
    : GrainRuntimeException($"State of {grain} is no longer at version {expectedVersion}.")
{
    /// <summary>The grain whose write was refused.</summary>
    public GrainId Grain { get; } = grain;
}

/// <summary>
/// A write tried to take a unique claim that another write already holds. The whole write,
/// state included, committed nothing.
/// </summary>
public sealed class ClaimConflictException(IReadOnlyList<ClaimKey> conflicts)
    : GrainRuntimeException($"Claim already taken: {string.Join(", ", conflicts)}.")
{
    /// <summary>The claims that were already held.</summary>
    public IReadOnlyList<ClaimKey> Conflicts { get; } = conflicts;
}

/// <summary>The activation closed before this call ran; the runtime re-routes the call.</summary>
internal sealed class ActivationClosedException(GrainId grain)
    : GrainRuntimeException($"Activation of {grain} closed before the call ran.");
