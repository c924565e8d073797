using System.Text.Json;
using System.Text.RegularExpressions;

namespace MemberCard.Api.Tests;

/// <summary>Reads fields of response bodies, asserting their JSON shape on the way.</summary>
public static partial class JsonFields
{
    /// <summary>An integer field; fails unless the JSON literal is a plain integer (no fraction, no exponent).</summary>
    public static long Long(this JsonElement element, string name)
    {
        var value = element.Field(name);
        Assert.Equal(JsonValueKind.Number, value.ValueKind);
        Assert.Matches(IntegerLiteral(), value.GetRawText());
        return value.GetInt64();
    }

    /// <summary>A string field (null when the field is JSON null).</summary>
    public static string? Str(this JsonElement element, string name)
    {
        var value = element.Field(name);
        if (value.ValueKind == JsonValueKind.Null) return null;
        Assert.Equal(JsonValueKind.String, value.ValueKind);
        return value.GetString();
    }

    /// <summary>A non-null string field.</summary>
    public static string Text(this JsonElement element, string name) =>
        element.Str(name) ?? throw new Xunit.Sdk.XunitException($"Field '{name}' is null in {element}.");

    /// <summary>A timestamp field; fails unless it is ISO-8601 in UTC written with a trailing Z.</summary>
    public static DateTimeOffset Timestamp(this JsonElement element, string name)
    {
        var text = element.Text(name);
        Assert.EndsWith("Z", text, StringComparison.Ordinal);
        Assert.Matches(IsoTimestamp(), text);
        return DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A field that must be present.</summary>
    public static JsonElement Field(this JsonElement element, string name)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        if (!element.TryGetProperty(name, out var value)) throw new Xunit.Sdk.XunitException($"Field '{name}' is missing from {element}.");
        return value;
    }

    [GeneratedRegex(@"^-?[0-9]+$")]
    private static partial Regex IntegerLiteral();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")]
    private static partial Regex IsoTimestamp();
}
