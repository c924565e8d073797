namespace MemberCard.Runtime;

/// <summary>
/// Marker for grain contracts addressed by a string key. A contract is an interface of
/// <see cref="Task"/>-returning methods taking and returning immutable records.
/// </summary>
public interface IGrainWithStringKey;
