using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MemberCard.Runtime.Hosting;

/// <summary>
/// JSON settings for grain state, journal entries and events. Hosts insert their source-generated
/// contexts at the front of <see cref="JsonSerializerOptions.TypeInfoResolverChain"/>; the reflection
/// resolver at the end only serves types nobody generated code for (test grains).
/// </summary>
public sealed class GrainSerializerOptions
{
    /// <summary>The options handed to <see cref="GrainSerializer"/>.</summary>
    public JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolverChain = { new DefaultJsonTypeInfoResolver() },
    };
}
