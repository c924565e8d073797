using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MemberCard.Runtime;

/// <summary>
/// Serializes grain state, journal entries, events and claim values as JSON. The host supplies the type
/// resolvers (normally source-generated contexts) so the hot path does no reflection.
/// </summary>
public sealed class GrainSerializer(JsonSerializerOptions options)
{
    /// <summary>The options in use.</summary>
    public JsonSerializerOptions Options { get; } = options;

    /// <summary>Serializes a value to JSON text.</summary>
    public string Serialize<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));

    /// <summary>Deserializes JSON text; throws when the text is not a <typeparamref name="T"/>.</summary>
    public T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize(json, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)))
        ?? throw new JsonException($"Stored JSON is null for {typeof(T).Name}.");
}
