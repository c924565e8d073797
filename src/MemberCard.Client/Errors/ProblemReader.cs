using System.Text.Json;

namespace MemberCard.Client;

/// <summary>
/// Turns a non-2xx answer into a <see cref="MemberCardApiException"/>. Lenient: a body that is not a problem (a proxy's
/// HTML page, nothing at all) still gives the status, with an empty code.
/// </summary>
internal static class ProblemReader
{
    private const int MaxBody = 64 * 1024;

    public static async Task<MemberCardApiException> ReadAsync(HttpResponseMessage response, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        byte[] body;
#if NET5_0_OR_GREATER
        body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
#else
        cancellationToken.ThrowIfCancellationRequested();
        body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
#endif
        if (body.Length == 0 || body.Length > MaxBody) return new MemberCardApiException(status, "", response.ReasonPhrase, null, null, null, idempotencyKey);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new JsonException();
            return new MemberCardApiException(status, Text(root, "code") ?? "", Text(root, "title"), Text(root, "detail"), Text(root, "traceId"),
                Errors(root), idempotencyKey);
        }
        catch (JsonException)
        {
            return new MemberCardApiException(status, "", response.ReasonPhrase, null, null, null, idempotencyKey);
        }
    }

    private static string? Text(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, IReadOnlyList<string>>? Errors(JsonElement problem)
    {
        if (!problem.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object) return null;
        var fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var field in errors.EnumerateObject())
        {
            fields[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                ? [.. field.Value.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!)]
                : field.Value.ValueKind == JsonValueKind.String ? [field.Value.GetString()!] : [];
        }
        return fields;
    }
}
