namespace MemberCard.Runtime;

/// <summary>
/// Names one logical actor: a grain type plus a string key. The type is part of every storage key,
/// so two grain types can never collide on the same key.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Type}/{Key}";
}
