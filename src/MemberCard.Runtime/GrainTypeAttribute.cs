namespace MemberCard.Runtime;

/// <summary>
/// Gives a grain class its stable type name, which is stored with its state. Renaming the class
/// must not orphan stored grains, so production grains should always carry this attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The stable grain type name, e.g. <c>card</c>.</summary>
    public string Name { get; } = name;
}
