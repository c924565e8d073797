using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MemberCard.Client;

/// <summary>Sends one operation (all its attempts share one request, so one Idempotency-Key) and reads its answer or its refusal.</summary>
internal sealed class ApiTransport(HttpClient http)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public Task<TResult> GetAsync<TResult>(string path, JsonTypeInfo<TResult> result, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), result, retrySafe: true, null, cancellationToken);

    public Task<TResult> SendAsync<TBody, TResult>(
        HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResult> result,
        bool retrySafe, string? idempotencyKey, CancellationToken cancellationToken)
    {
        // Bytes, not a stream: a Content-Length as tills send it, and a body every retry can send again.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyType));
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation(IdempotencyHeader, idempotencyKey);
        return SendAsync(request, result, retrySafe, idempotencyKey, cancellationToken);
    }

    private async Task<TResult> SendAsync<TResult>(
        HttpRequestMessage request, JsonTypeInfo<TResult> result, bool retrySafe, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using (request)
        {
            RequestSafety.Mark(request, retrySafe);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw await ProblemReader.ReadAsync(response, idempotencyKey, cancellationToken).ConfigureAwait(false);
            return await response.Content.ReadFromJsonAsync(result, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException($"The server answered null where a {typeof(TResult).Name} was expected.");
        }
    }

    /// <summary>A path segment from a caller's value (a card number, an id), escaped.</summary>
    public static string Segment(string value)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        return Uri.EscapeDataString(value);
    }
}
