using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace MemberCard.Api.Tests.Contract;

/// <summary>One request and its response, as the contract check saw them on the wire.</summary>
public sealed record Exchange(
    string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> RequestHeaders,
    string? RequestContentType, byte[] RequestBody, int Status, IReadOnlyDictionary<string, string> ResponseHeaders,
    string? ResponseContentType, byte[] ResponseBody);

/// <summary>
/// The server's own OpenAPI document as a contract: <see cref="Check"/> says where an exchange breaks it. A response
/// must be a status the operation declares, of a declared content type, valid against its schema with no field the
/// schema lacks, and a problem's <c>code</c> one the response lists; a request the server accepted (2xx) or refused
/// by a business rule (409, 422) must carry the required parameters and headers and a body valid against the request
/// schema. Routes the document does not
/// describe (health, the document itself, unknown paths) are not checked.
/// </summary>
public sealed class OpenApiContract
{
    // Responses are checked against strict copies of the schemas (no field the document lacks); requests against the
    // document as it is (the server ignores fields it does not know).
    private const string StrictComponents = "https://membercard.test/strict";
    private const string Components = "https://membercard.test/components";
    private static int _schemas;

    private readonly JsonObject _paths;
    private readonly BuildOptions _build = new() { SchemaRegistry = new SchemaRegistry() };
    // The schema registry is not safe for concurrent use (building one schema reads it while another adds to it), so
    // schemas are built and evaluated under one lock; exchanges from parallel tests share one contract.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonSchema> _cache = new();
    private readonly List<(string Template, string[] Segments)> _templates;

    /// <summary>Reads the document (its JSON text).</summary>
    public OpenApiContract(string documentJson)
    {
        var document = JsonNode.Parse(documentJson)!.AsObject();
        _paths = document["paths"]!.AsObject();
        _templates = [.. _paths.Select(p => (p.Key, Segments(p.Key)))
            .OrderByDescending(t => t.Item2.Count(s => !s.StartsWith('{')))];
        foreach (var (uri, strict) in new[] { (StrictComponents, true), (Components, false) })
        {
            var defs = new JsonObject();
            foreach (var (name, schema) in document["components"]?["schemas"]?.AsObject() ?? [])
            {
                var copy = Rewrite(schema!.DeepClone(), "#/$defs/");
                defs[name] = strict ? Strict(copy) : copy;
            }
            var root = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$defs"] = defs };
            JsonSchema.FromText(root.ToJsonString(), _build, new Uri(uri));
        }
    }

    /// <summary>What is wrong with the exchange; empty when it keeps the contract.</summary>
    public IReadOnlyList<string> Check(Exchange exchange)
    {
        var problems = new List<string>();
        var (template, operation) = Find(exchange.Method, exchange.Path);
        if (operation is null)
        {
            if (exchange.Status is >= 200 and < 300 && exchange.Path.StartsWith("/api/", StringComparison.Ordinal))
                problems.Add($"{exchange.Method} {exchange.Path} answered {exchange.Status} but the document has no such operation.");
            return problems;
        }
        var name = $"{exchange.Method} {template} ({operation["operationId"]})";
        var status = exchange.Status.ToString(CultureInfo.InvariantCulture);
        if (operation["responses"]?[status] is not JsonObject response)
        {
            problems.Add($"{name} answered {status}, which the document does not list.");
            return problems;
        }
        CheckResponse(name, status, response, exchange, problems);
        // The handler took the request past its checks: accepted, or refused by a business rule (409, 422).
        if (exchange.Status is >= 200 and < 300 or 409 or 422) CheckRequest(name, operation, exchange, problems);
        return problems;
    }

    private void CheckResponse(string name, string status, JsonObject response, Exchange exchange, List<string> problems)
    {
        foreach (var (header, spec) in response["headers"]?.AsObject() ?? [])
        {
            if (spec?["required"]?.GetValue<bool>() == true && !exchange.ResponseHeaders.ContainsKey(header))
                problems.Add($"{name} {status}: header {header} is required but missing.");
        }
        var content = response["content"]?.AsObject();
        if (exchange.ResponseBody.Length == 0)
        {
            if (content is { Count: > 0 } && status != "304") problems.Add($"{name} {status}: the document promises a body; the answer had none.");
            return;
        }
        var mediaType = MediaType(exchange.ResponseContentType);
        if (content is null || mediaType is null || content[mediaType] is not JsonObject media)
        {
            problems.Add($"{name} {status}: content type {exchange.ResponseContentType ?? "(none)"} is not one the document lists "
                + $"({string.Join(", ", content?.Select(c => c.Key) ?? [])}).");
            return;
        }
        if (!IsJson(mediaType)) return;
        var body = Parse(exchange.ResponseBody, out var error);
        if (body is null)
        {
            problems.Add($"{name} {status}: the body is not JSON: {error}");
            return;
        }
        Validate($"{name} {status} response", $"{name}|{status}|{mediaType}", media["schema"], body.Value, strict: true, problems);
        if (response["x-problem-codes"] is JsonArray codes && body.Value.ValueKind == JsonValueKind.Object
            && body.Value.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
            && !codes.Any(c => c?.GetValue<string>() == code.GetString()))
            problems.Add($"{name} {status}: code {code.GetString()} is not one this response lists ({string.Join(", ", codes)}).");
    }

    private void CheckRequest(string name, JsonObject operation, Exchange exchange, List<string> problems)
    {
        foreach (var parameter in operation["parameters"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var paramName = parameter["name"]!.GetValue<string>();
            var location = parameter["in"]!.GetValue<string>();
            var values = location switch { "query" => exchange.Query, "header" => exchange.RequestHeaders, _ => null };
            if (values is null) continue;
            if (!values.TryGetValue(paramName, out var value))
            {
                if (parameter["required"]?.GetValue<bool>() == true)
                    problems.Add($"{name}: the server took a request without the required {location} parameter {paramName} ({exchange.Status}).");
                continue;
            }
            var schema = parameter["schema"];
            JsonNode? node = schema?["type"]?.ToJsonString().Contains("integer", StringComparison.Ordinal) == true
                && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(value);
            using var parsed = JsonDocument.Parse(node!.ToJsonString());
            Validate($"{name} {location} parameter {paramName}", $"{name}|param|{paramName}", schema, parsed.RootElement, strict: false, problems);
        }

        if (operation["requestBody"] is not JsonObject requestBody) return;
        if (exchange.RequestBody.Length == 0)
        {
            if (requestBody["required"]?.GetValue<bool>() == true) problems.Add($"{name}: the server took a request without the required body ({exchange.Status}).");
            return;
        }
        var mediaType = MediaType(exchange.RequestContentType);
        if (mediaType is null || requestBody["content"]?[mediaType] is not JsonObject media)
        {
            problems.Add($"{name}: the server took a body of content type {exchange.RequestContentType ?? "(none)"}, which the document does not list.");
            return;
        }
        if (!IsJson(mediaType)) return;
        var body = Parse(exchange.RequestBody, out var error);
        if (body is null) problems.Add($"{name}: the server took a body that is not JSON: {error}");
        else Validate($"{name} request body", $"{name}|request|{mediaType}", media["schema"], body.Value, strict: false, problems);
    }

    private void Validate(string what, string key, JsonNode? schemaNode, JsonElement instance, bool strict, List<string> problems)
    {
        if (schemaNode is null) return;
        EvaluationResults result;
        lock (_gate)
        {
            if (!_cache.TryGetValue(key, out var schema))
            {
                var copy = Rewrite(schemaNode.DeepClone(), (strict ? StrictComponents : Components) + "#/$defs/")!;
                var wrapper = (strict ? Strict(copy) : copy)!.AsObject();
                wrapper["$schema"] = "https://json-schema.org/draft/2020-12/schema";
                var id = Interlocked.Increment(ref _schemas);
                schema = JsonSchema.FromText(wrapper.ToJsonString(), _build, new Uri($"https://membercard.test/check/{id}"));
                _cache[key] = schema;
            }
            result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        }
        if (result.IsValid) return;
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Distinct().Take(10);
        problems.Add($"{what} does not match the document: {string.Join("; ", errors)} — {Shorten(instance.GetRawText())}");
    }

    private (string? Template, JsonObject? Operation) Find(string method, string path)
    {
        var segments = Segments(path);
        foreach (var (template, pattern) in _templates)
        {
            if (pattern.Length != segments.Length) continue;
            if (!pattern.Zip(segments).All(p => p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.Ordinal))) continue;
            if (_paths[template]?[method.ToLowerInvariant()] is JsonObject operation) return (template, operation);
        }
        return (null, null);
    }

    // A component or operation schema with its references pointed at the registered components.
    private static JsonNode? Rewrite(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (key == "$ref" && o[key]?.GetValue<string>() is { } target && target.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                        o[key] = prefix + target["#/components/schemas/".Length..];
                    else Rewrite(o[key], prefix);
                }
                break;
            case JsonArray a:
                foreach (var item in a) Rewrite(item, prefix);
                break;
        }
        return node;
    }

    // The document lets clients meet fields it does not know yet; the tests do not: a field the document lacks fails.
    private static JsonNode? Strict(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o.ContainsKey("properties") && !o.ContainsKey("additionalProperties")) o["additionalProperties"] = false;
                foreach (var (_, child) in o.ToList()) Strict(child);
                break;
            case JsonArray a:
                foreach (var item in a) Strict(item);
                break;
        }
        return node;
    }

    private static string[] Segments(string path) => path.Trim('/').Split('/');

    private static string? MediaType(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant();

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static JsonElement? Parse(byte[] body, out string? error)
    {
        try
        {
            error = null;
            return JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
