using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MemberCard.Cli.Load;

/// <summary>Typed HTTP calls to one target. Answers land in the caller's <see cref="ResponseBuffer"/>.</summary>
internal sealed class PosApi(HttpClient http, LoadTarget target)
{
    private static readonly byte[] EmptyJson = "{}"u8.ToArray();

    public LoadTarget Target => target;

    public Uri Resolve(string relative) => new(target.BaseUrl, relative);

    public SeededCard Card(string cardNo)
    {
        var escaped = Uri.EscapeDataString(cardNo);
        return new SeededCard(
            cardNo,
            Resolve($"api/v1/cards/{escaped}"),
            Resolve($"api/v1/cards/{escaped}/top-ups"),
            Resolve($"api/v1/cards/{escaped}/purchases"),
            Resolve($"api/v1/cards/{escaped}/refunds"));
    }

    public Task<ApiResult> GetAsync(Uri uri, ResponseBuffer buffer, RequestDeadline deadline) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, uri), buffer, deadline);

    public Task<ApiResult> PostAsync<T>(Uri uri, T body, JsonTypeInfo<T> type, string? idempotencyKey, ResponseBuffer buffer, RequestDeadline deadline) =>
        PostAsync(uri, JsonSerializer.SerializeToUtf8Bytes(body, type), idempotencyKey, buffer, deadline);

    public Task<ApiResult> PostEmptyAsync(Uri uri, ResponseBuffer buffer, RequestDeadline deadline) =>
        PostAsync(uri, EmptyJson, null, buffer, deadline);

    private Task<ApiResult> PostAsync(Uri uri, byte[] json, string? idempotencyKey, ResponseBuffer buffer, RequestDeadline deadline)
    {
        // A byte array gives a Content-Length, as a till would send, instead of a chunked stream.
        var content = new ByteArrayContent(json);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return SendAsync(request, buffer, deadline);
    }

    private async Task<ApiResult> SendAsync(HttpRequestMessage request, ResponseBuffer buffer, RequestDeadline deadline)
    {
        var token = deadline.Start();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            await buffer.FillAsync(response.Content, token);
            var status = (int)response.StatusCode;
            var code = status is >= 200 and < 300 ? "" : JsonFields.ReadString(buffer.Span, "code"u8) ?? "";
            return new ApiResult(status, code);
        }
        catch (OperationCanceledException) when (deadline.TimedOut)
        {
            return ApiResult.TimedOut;
        }
        catch (HttpRequestException e)
        {
            return ApiResult.Transport(e.HttpRequestError);
        }
        catch (IOException)
        {
            return ApiResult.Transport(HttpRequestError.ResponseEnded);
        }
        catch (InvalidDataException)
        {
            return new ApiResult(0, "response_too_large");
        }
        finally
        {
            request.Dispose();
            deadline.Finish();
        }
    }
}
