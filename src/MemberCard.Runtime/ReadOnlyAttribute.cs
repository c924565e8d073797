namespace MemberCard.Runtime;

/// <summary>
/// Marks a grain contract method that only reads the activation's memory (like Orleans' <c>[ReadOnly]</c>).
/// When the activation is idle or only serving other reads, such a call runs at once on the caller's thread,
/// concurrently with other reads, without a trip through the mailbox; it never overlaps a turn that can write,
/// and it never overtakes calls already queued. A method marked so must not change state.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ReadOnlyAttribute : Attribute;
