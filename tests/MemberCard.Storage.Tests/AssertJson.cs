using System.Text.Json;
using System.Text.Json.Nodes;

namespace MemberCard.Storage.Tests;

/// <summary>
/// JSON comparisons by meaning: PostgreSQL's jsonb keeps the document, not its spelling (key order, spaces and
/// escapes may change), and the contract promises the document.
/// </summary>
internal static class AssertJson
{
    // Unescaped non-ASCII text, as a grain's serializer may write it.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Equal(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected JSON {Shorten(expected)} but got {Shorten(actual)}.");

    /// <summary>A valid JSON document of at least <paramref name="minimumLength"/> characters, with non-ASCII text throughout.</summary>
    public static string Large(int minimumLength)
    {
        var items = new JsonArray();
        var length = 0;
        for (var i = 0; length < minimumLength; i++)
        {
            var item = new JsonObject { ["id"] = i, ["name"] = $"Mitglied {i} – Zoë 😀 会员", ["points"] = i * 7.25, ["active"] = i % 3 == 0 };
            length += item.ToJsonString(Relaxed).Length + 1;
            items.Add(item);
        }
        return new JsonObject { ["items"] = items }.ToJsonString(Relaxed);
    }

    private static string Shorten(string json) => json.Length <= 200 ? json : $"{json[..200]}... ({json.Length} chars)";
}
