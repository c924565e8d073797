using System.Globalization;

namespace MemberCard.Cli.Load;

/// <summary>
/// How a request ended: the HTTP status and, for non-2xx answers, the ProblemDetails <c>code</c>.
/// Status 0 means no HTTP answer at all (connection refused or reset, client time-out); the code says which.
/// </summary>
internal readonly record struct ApiResult(int Status, string Code)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>A failure of the server or the transport, never of the business rules: the run must not pass with one.</summary>
    public bool IsFailure => Status == 0 || Status >= 500;

    public static ApiResult TimedOut { get; } = new(0, "client_timeout");

    public static ApiResult Transport(HttpRequestError error) => new(0, error switch
    {
        HttpRequestError.NameResolutionError => "name_resolution_error",
        HttpRequestError.ConnectionError => "connection_error",
        HttpRequestError.SecureConnectionError => "secure_connection_error",
        HttpRequestError.HttpProtocolError => "http_protocol_error",
        HttpRequestError.ResponseEnded => "response_ended",
        HttpRequestError.InvalidResponse => "invalid_response",
        HttpRequestError.ConfigurationLimitExceeded => "configuration_limit_exceeded",
        _ => "transport_error",
    });

    /// <summary>The key of this outcome in the summary: <c>201</c>, <c>409 insufficient_balance</c>, <c>transport connection_error</c>.</summary>
    public string Label => Status == 0 ? "transport " + Code
        : IsSuccess || Code.Length == 0 ? Status.ToString(CultureInfo.InvariantCulture)
        : Status.ToString(CultureInfo.InvariantCulture) + " " + Code;
}
