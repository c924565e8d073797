using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace MemberCard.Cluster.Tests;

/// <summary>
/// Drives POS traffic through several silos like tills behind a load balancer: each request goes to the next silo
/// in rotation; a silo that refuses the connection is skipped (what a balancer does); a 503/504 or a broken
/// response is retried with the same Idempotency-Key or order number, as a till would. Records every answer.
/// </summary>
public sealed class PosDriver(HttpClient http, string apiKey, IReadOnlyList<SiloProcess> silos)
{
    private readonly ConcurrentDictionary<SiloProcess, bool> _out = new();
    private int _next;

    /// <summary>The key every request sends.</summary>
    public string ApiKey => apiKey;

    public ConcurrentBag<string> Acknowledged { get; } = [];

    public ConcurrentBag<string> Failures { get; } = [];

    public int Retries;

    public int Unavailable;

    /// <summary>Takes a silo out of rotation (before stopping it, or after it died).</summary>
    public void TakeOut(SiloProcess silo) => _out[silo] = true;

    public void PutBack(SiloProcess silo) => _out.TryRemove(silo, out _);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, string? idempotencyKey = null, bool retry = true)
    {
        for (var attempt = 0; ; attempt++)
        {
            var silo = Pick();
            using var request = new HttpRequestMessage(method, new Uri(silo.BaseUrl, path));
            request.Headers.Add("X-Api-Key", apiKey);
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            if (body is not null) request.Content = JsonContent.Create(body);
            string problem;
            try
            {
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status < 500)
                {
                    var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
                    if (status >= 400 && status != 409 && status != 404) Failures.Add($"{method} {path} → {status} {text}");
                    return json;
                }
                Interlocked.Increment(ref Unavailable);
                problem = $"{method} {path} on {silo.Name} → {status} {text}";
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
            {
                // Refused: the silo is down; a balancer would send it elsewhere. Not a failed request.
                TakeOut(silo);
                attempt--;
                continue;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                problem = $"{method} {path} on {silo.Name} → {e.GetType().Name}: {e.Message}";
            }
            if (!retry || attempt >= 30)
            {
                Failures.Add(problem);
                throw new InvalidOperationException(problem);
            }
            Interlocked.Increment(ref Retries);
            await Task.Delay(200);
        }
    }

    private SiloProcess Pick()
    {
        for (var i = 0; i < silos.Count * 2; i++)
        {
            var silo = silos[(int)((uint)Interlocked.Increment(ref _next) % silos.Count)];
            if (!_out.ContainsKey(silo) && !silo.HasExited) return silo;
        }
        throw new InvalidOperationException("No silo is up.");
    }

    public static string? ReadString(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long ReadLong(JsonElement json, string name) => json.GetProperty(name).GetInt64();

}
