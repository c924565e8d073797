using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MemberCard.Server.Api.Errors;

/// <summary>
/// Describes a request the framework could not bind (malformed JSON, a value of the wrong JSON type, a missing
/// body, a query value that does not parse) in our own words: the field and, for bodies, the JSON path of the bad
/// value (<c>$.amount</c>). The framework's and System.Text.Json's messages are never passed on, because they name
/// our internal .NET types and namespaces.
/// </summary>
internal static partial class UnreadableRequest
{
    private const string NullablePrefix = "System.Nullable`1[";
    private const string Schema = "see /openapi/v1.json for the request's schema";

    // JSON words for the target types whose names System.Text.Json puts in a conversion message.
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["System.Int64"] = "a whole number", ["System.Int32"] = "a whole number", ["System.Int16"] = "a whole number",
        ["System.Decimal"] = "a number", ["System.Double"] = "a number",
        ["System.String"] = "a string", ["System.Boolean"] = "true or false",
        ["System.DateOnly"] = "a date (yyyy-MM-dd)", ["System.DateTime"] = "a date-time (ISO 8601)", ["System.DateTimeOffset"] = "a date-time (ISO 8601)",
    };

    /// <summary>The detail and the field → messages of a 400 for <paramref name="exception"/>.</summary>
    public static (string Detail, Dictionary<string, string[]> Errors) Describe(BadHttpRequestException exception)
    {
        var (field, message) = exception.InnerException is JsonException json ? FromJson(json) : FromBinding(exception.Message);
        return (message, new Dictionary<string, string[]> { [field] = [message] });
    }

    private static (string Field, string Message) FromJson(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
        var field = path == "$" ? "body" : path.TrimStart('$', '.');
        var target = ConversionTarget().Match(json.Message);
        if (target.Success)
        {
            var type = target.Groups["type"].Value;
            if (type.StartsWith(NullablePrefix, StringComparison.Ordinal) && type.EndsWith(']')) type = type[NullablePrefix.Length..^1];
            var expected = Expected.GetValueOrDefault(type);
            return (field, path == "$"
                ? $"The body ($) must be a JSON object of this request's shape ({Schema})."
                : expected is null
                    ? $"The value at {path} is not of the shape this field takes ({Schema})."
                    : $"The value at {path} must be {expected}.");
        }
        var where = json.LineNumber is { } line && json.BytePositionInLine is { } position
            ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {position + 1})")
            : "";
        return (field, $"The body is not valid JSON at {path}{where}: malformed, cut short or nested too deeply.");
    }

    // Binding messages look like: Failed to bind parameter "int? limit" from "abc". / Required parameter
    // "TopUpRequest request" was not provided from body. Only the parameter's name is kept.
    private static (string Field, string Message) FromBinding(string message)
    {
        if (message.Contains("body", StringComparison.OrdinalIgnoreCase))
            return ("body", "The request needs a JSON body; send a JSON object of this request's shape.");
        var parameter = ParameterName().Match(message);
        if (!parameter.Success) return ("request", "The request could not be read.");
        var name = parameter.Groups["name"].Value;
        return (name, $"{name} is not of the form this parameter takes ({Schema}).");
    }

    [GeneratedRegex(@"could not be converted to (?<type>[\w.`\[\], ]+?)\.( Path:|$)")]
    private static partial Regex ConversionTarget();

    [GeneratedRegex("parameter \"[^\"]* (?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();
}
