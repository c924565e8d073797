using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MemberCard.Benchmarks.Serialization;

/// <summary>
/// One message of the point-of-sale path with both ways of (de)serializing it: the source-generated type info the
/// application uses, and reflection with the web defaults (what a plain <see cref="JsonSerializer"/> call does).
/// </summary>
public abstract class PosMessage
{
    /// <summary>Size of the message as UTF-8 JSON.</summary>
    public abstract int JsonLength { get; }

    public abstract byte[] SerializeWithReflection();

    public abstract byte[] SerializeSourceGenerated();

    public abstract object DeserializeWithReflection();

    public abstract object DeserializeSourceGenerated();

    public static PosMessage Create<T>(string name, T value, JsonTypeInfo<T> generated) where T : class =>
        new TypedPosMessage<T>(name, value, generated);

    private sealed class TypedPosMessage<T>(string name, T value, JsonTypeInfo<T> generated) : PosMessage where T : class
    {
        private readonly byte[] _json = JsonSerializer.SerializeToUtf8Bytes(value, generated);

        public override int JsonLength => _json.Length;

        public override byte[] SerializeWithReflection() => JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web);

        public override byte[] SerializeSourceGenerated() => JsonSerializer.SerializeToUtf8Bytes(value, generated);

        public override object DeserializeWithReflection() => JsonSerializer.Deserialize<T>(_json, JsonSerializerOptions.Web)!;

        public override object DeserializeSourceGenerated() => JsonSerializer.Deserialize(_json, generated)!;

        // BenchmarkDotNet prints a parameter with ToString (and cuts it after 20 characters).
        public override string ToString() => name;
    }
}
