using System.Net;
using System.Text.Json;

namespace MemberCard.Api.Tests;

/// <summary>Checks RFC 9457 problem responses: media type, status, title, the stable code and the trace id.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts a problem with this status and code and returns its body.</summary>
    public static async Task<JsonElement> IsAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        var why = $"{(int)response.StatusCode} {text}";
        Assert.True(status == response.StatusCode, $"Expected {(int)status} {code}, got {why}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.True((int)status == problem.Long("status"), why);
        Assert.True(code == problem.Str("code"), $"Expected code {code}, got {why}");
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("title")), $"No title: {why}");
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("traceId")), $"No traceId: {why}");
        return problem;
    }

    /// <summary>Asserts a 400 <c>validation_failed</c> whose <c>errors</c> name each of <paramref name="fields"/>.</summary>
    public static async Task<JsonElement> ValidationAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await IsAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        if (fields.Length == 0) return problem;
        var errors = problem.Field("errors");
        Assert.Equal(JsonValueKind.Object, errors.ValueKind);
        foreach (var field in fields)
        {
            Assert.True(errors.TryGetProperty(field, out var messages), $"errors has no '{field}': {errors}");
            Assert.Equal(JsonValueKind.Array, messages.ValueKind);
            Assert.NotEqual(0, messages.GetArrayLength());
        }
        return problem;
    }

    /// <summary>
    /// Asserts a client error (4xx) answered as problem details; bad input must never produce a 5xx.
    /// Returns the status.
    /// </summary>
    public static async Task<HttpStatusCode> IsClientErrorAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"Expected a 4xx problem, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)response.StatusCode, problem.Long("status"));
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("code")), text);
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("traceId")), text);
        return response.StatusCode;
    }
}
