using System.Security.Cryptography;
using System.Text;

namespace MemberCard.Baseline;

/// <summary>
/// Lets through only requests under <c>/api/v1</c> that carry the configured <c>X-Api-Key</c>. Middleware rather
/// than an endpoint filter so a caller without the key is refused before its body is read or bound.
/// </summary>
public sealed class ApiKeyFilter(RequestDelegate next, BaselineOptions options)
{
    public const string Header = "X-Api-Key";

    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.ApiKey);

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api/v1") || IsExpected(context.Request.Headers[Header].ToString()))
            return next(context);
        return Problems.WriteAsync(context, ApiError.Unauthorized, $"Send a valid key in the {Header} header.");
    }

    // Constant-time comparison so response timing does not reveal how much of a guessed key is right.
    private bool IsExpected(string key) => key.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), _expected);
}
