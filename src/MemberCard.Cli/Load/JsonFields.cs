using System.Text.Json;

namespace MemberCard.Cli.Load;

/// <summary>
/// Reads one top-level field of a JSON body without deserializing it: the tills only need the
/// ProblemDetails <c>code</c> or one amount, and a full deserialization would spend the CPU the
/// server under test shares with this tool.
/// </summary>
internal static class JsonFields
{
    public static string? ReadString(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name) =>
        Find(json, name, out var reader) && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    public static long? ReadInt64(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name) =>
        Find(json, name, out var reader) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : null;

    private static bool Find(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name, out Utf8JsonReader reader)
    {
        reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name))
                    return reader.Read();
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML error page, a truncated body): the field is simply absent.
        }
        return false;
    }
}
