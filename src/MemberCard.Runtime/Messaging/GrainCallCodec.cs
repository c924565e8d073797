using System.Buffers;
using System.Text.Json;
using MemberCard.Runtime.Catalog;
using MemberCard.Runtime.Invocation;

namespace MemberCard.Runtime.Messaging;

/// <summary>
/// A grain call on the wire: <c>["grain type","key","method key",[arguments…]]</c> as UTF-8 JSON, each argument
/// and the result written with the type info the grain serializer already resolved (source-generated contexts
/// first), so a call does no reflection.
/// </summary>
internal sealed class GrainCallCodec(GrainSerializer serializer, GrainTypeRegistry types)
{
    private readonly JsonSerializerOptions _options = serializer.Options;

    public byte[] EncodeCall(GrainId grain, GrainMethod method, object?[] arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(grain.Type);
            json.WriteStringValue(grain.Key);
            json.WriteStringValue(method.Key);
            json.WriteStartArray();
            for (var i = 0; i < arguments.Length; i++)
                JsonSerializer.Serialize(json, arguments[i], _options.GetTypeInfo(method.ParameterTypes[i]));
            json.WriteEndArray();
            json.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public (GrainTypeInfo Type, GrainId Grain, GrainMethod Method, object?[] Arguments) DecodeCall(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        Expect(ref reader, JsonTokenType.StartArray);
        var type = types.ForName(ReadString(ref reader));
        var key = ReadString(ref reader);
        var methodKey = ReadString(ref reader);
        if (!GrainMethod.AllOf(type.Interface).TryGetValue(methodKey, out var method))
            throw new InvalidOperationException($"{type.Interface.Name} has no method {methodKey} on this silo.");
        Expect(ref reader, JsonTokenType.StartArray);
        var arguments = new object?[method.ParameterTypes.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            reader.Read();
            arguments[i] = JsonSerializer.Deserialize(ref reader, _options.GetTypeInfo(method.ParameterTypes[i]));
        }
        return (type, new GrainId(type.Name, key), method, arguments);
    }

    public byte[] EncodeResult(GrainMethod method, object? result) =>
        method.ReturnsValue ? JsonSerializer.SerializeToUtf8Bytes(result, _options.GetTypeInfo(method.ResultType)) : [];

    public T DecodeResult<T>(GrainMethod method, byte[] body) =>
        method.ReturnsValue ? (T)JsonSerializer.Deserialize(body, _options.GetTypeInfo(typeof(T)))! : default!;

    private static string ReadString(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String);
        return reader.GetString()!;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token) throw new JsonException($"Bad grain call frame: expected {token}.");
    }
}
