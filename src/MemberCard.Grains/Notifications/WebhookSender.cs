using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace MemberCard.Grains.Notifications;

/// <summary>The outcome of one send attempt.</summary>
public sealed record SendResult(bool Succeeded, int? StatusCode, string? Error);

/// <summary>Delivers a notification to one channel.</summary>
public interface INotificationSender
{
    /// <summary>The channel's name in the delivery log.</summary>
    string Channel { get; }

    /// <summary>One attempt; never throws for a delivery failure (it is the result).</summary>
    Task<SendResult> SendAsync(WebhookBody message, CancellationToken cancellationToken);
}

/// <summary>
/// Posts notifications as JSON to <see cref="NotificationOptions.WebhookUrl"/>, signed: <c>X-MemberCard-Timestamp</c>
/// (Unix seconds) and <c>X-MemberCard-Signature: sha256=&lt;hex HMAC-SHA256(secret, timestamp + "." + body)&gt;</c>, so the
/// receiver can check origin and freshness. <c>X-MemberCard-Delivery</c> carries the message id for deduplication.
/// A singleton, so it asks the factory for a client per message: a client kept for good would pin one handler (never
/// seeing DNS changes) and keep a stopped server's services alive through the factory's expired-handler queue.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<NotificationOptions> options, TimeProvider clock) : INotificationSender
{
    /// <summary>The named client (10 s timeout).</summary>
    public const string ClientName = "webhook";

    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-MemberCard-Signature";

    /// <summary>The timestamp header.</summary>
    public const string TimestampHeader = "X-MemberCard-Timestamp";

    /// <inheritdoc />
    public string Channel => "webhook";

    /// <summary>The signature of <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(WebhookBody message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = JsonSerializer.Serialize(message, NotificationJsonContext.Default.WebhookBody);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.WebhookUrl)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Sign(settings.WebhookSecret, timestamp, body));
        request.Headers.Add("X-MemberCard-Delivery", message.Id);
        try
        {
            using var http = clients.CreateClient(ClientName);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return new SendResult(response.IsSuccessStatusCode, (int)response.StatusCode, response.IsSuccessStatusCode ? null : response.ReasonPhrase);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SendResult(false, null, e.Message);
        }
    }
}
