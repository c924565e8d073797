using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MemberCard.Client.Tests;

/// <summary>What <see cref="FaultHandler"/> does to the first attempts.</summary>
public enum Fault
{
    /// <summary>The server never sees the attempt; the client gets a 503 <c>unavailable</c> problem.</summary>
    UnavailableBeforeServer,

    /// <summary>The server handles the attempt (and may take effect), but its answer is replaced by a 503 <c>unavailable</c> problem.</summary>
    UnavailableAfterServer,

    /// <summary>The connection cannot be opened: nothing is sent.</summary>
    ConnectionRefused,

    /// <summary>The server handles the attempt, then the connection breaks before its answer arrives.</summary>
    ConnectionLostAfterServer,
}

/// <summary>
/// Sits between the client's retries and the server and spoils the first <c>times</c> attempts as <see cref="Fault"/> says,
/// recording every attempt that passes it.
/// </summary>
public sealed class FaultHandler(Fault fault, int times = 1, TimeSpan? retryAfter = null) : DelegatingHandler
{
    private readonly List<Attempt> _attempts = [];
    private int _spoiled;

    /// <summary>Every attempt, in order.</summary>
    public IReadOnlyList<Attempt> Attempts
    {
        get
        {
            lock (_attempts) return [.. _attempts];
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.Headers.TryGetValues("Idempotency-Key", out var values) ? string.Join(",", values) : null;
        var spoil = Interlocked.Increment(ref _spoiled) <= times;
        HttpResponseMessage? response = null;
        if (!spoil || fault is Fault.UnavailableAfterServer or Fault.ConnectionLostAfterServer)
            response = await base.SendAsync(request, cancellationToken);
        lock (_attempts) _attempts.Add(new Attempt(request.Method.Method, request.RequestUri!.AbsolutePath, key, spoil, (int?)response?.StatusCode));
        if (!spoil) return response!;
        response?.Dispose();
        return fault switch
        {
            Fault.ConnectionRefused => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (test fault).",
                new SocketException((int)SocketError.ConnectionRefused)),
            Fault.ConnectionLostAfterServer => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The connection broke (test fault)."),
            _ => Unavailable(request),
        };
    }

    // The server's own shape of a 503 (ApiProblem): status, title, detail, code, traceId.
    private HttpResponseMessage Unavailable(HttpRequestMessage request)
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            RequestMessage = request,
            Content = new StringContent(
                """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"Service unavailable","status":503,"detail":"The database is unreachable.","code":"unavailable","traceId":"00-test-fault"}""",
                Encoding.UTF8, "application/problem+json"),
        };
        if (retryAfter is { } wait) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        return response;
    }
}

/// <summary>One attempt that passed the <see cref="FaultHandler"/>: what was sent, whether it was spoiled, what the server answered (null: it never saw it).</summary>
public sealed record Attempt(string Method, string Path, string? IdempotencyKey, bool Spoiled, int? ServerStatus);
