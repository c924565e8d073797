using MemberCard.Grains.Members;
using MemberCard.Runtime.Streams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Grains.Notifications;

/// <summary>
/// Sends pending notifications through the <see cref="INotificationSender"/>. Each attempt is first claimed on the
/// row (attempts + 1 by compare-and-swap, next attempt pushed past the send), so silos do not send one message at
/// once; then sent and logged in <c>notification_deliveries</c>. A failure waits <see cref="NotificationOptions.RetryDelay"/>
/// doubled per attempt (at most <see cref="NotificationOptions.MaxRetryDelay"/>); after
/// <see cref="NotificationOptions.MaxAttempts"/> the message is failed. Delivery is at least once: the receiver
/// deduplicates by the <c>X-MemberCard-Delivery</c> id. A message sealed for one phone is opened just before it is sent
/// (<see cref="PhoneMessages"/>); one whose member was erased is failed at once, unsent.
/// </summary>
public sealed class NotificationDispatcher(
    IProjectionDatabase database,
    INotificationSender sender,
    PhoneMessages phoneMessages,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan SendLease = TimeSpan.FromMinutes(1);

    /// <summary>Sends every due message once; returns how many were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var due = new List<(string Id, string Member, string Template, string Body, DateTimeOffset CreatedAt, int Attempts, string? Sealed)>();
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = Command(connection, null, """
            SELECT id, member_id, template, body, created_at, attempts, sealed FROM notifications
            WHERE status = @status AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT 100
            """, ("status", NotificationStatus.Pending), ("now", database.Timestamp(now))))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                due.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), database.ReadTimestamp(reader, 4), reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));

        var attempted = 0;
        foreach (var n in due)
        {
            var attempt = n.Attempts + 1;
            if (await ExecuteAsync("UPDATE notifications SET attempts = @attempt, next_attempt_at = @lease WHERE id = @id AND attempts = @attempts AND status = @status",
                    cancellationToken, ("attempt", (long)attempt), ("lease", database.Timestamp(now + SendLease)), ("id", n.Id), ("attempts", (long)n.Attempts),
                    ("status", NotificationStatus.Pending)).ConfigureAwait(false) != 1)
                continue; // another silo took this attempt
            attempted++;
            var result = await SendAsync(n.Id, n.Member, n.Template, n.Body, n.CreatedAt, n.Sealed, cancellationToken).ConfigureAwait(false);
            var at = clock.GetUtcNow();
            await ExecuteAsync("""
                INSERT INTO notification_deliveries (notification_id, attempt, channel, status_code, error, succeeded, at)
                VALUES (@id, @attempt, @channel, @code, @error, @ok, @at)
                """, cancellationToken, ("id", n.Id), ("attempt", (long)attempt), ("channel", sender.Channel), ("code", result.StatusCode),
                ("error", result.Error), ("ok", result.Succeeded), ("at", database.Timestamp(at))).ConfigureAwait(false);
            var status = result.Succeeded ? NotificationStatus.Sent
                : attempt >= settings.MaxAttempts || result == RecipientErased || result == CodeExpired ? NotificationStatus.Failed : NotificationStatus.Pending;
            await ExecuteAsync("UPDATE notifications SET status = @status, next_attempt_at = @next WHERE id = @id AND attempts = @attempt", cancellationToken,
                ("status", status), ("next", status == NotificationStatus.Pending ? database.Timestamp(at + Backoff(attempt, settings)) : null),
                ("id", n.Id), ("attempt", (long)attempt)).ConfigureAwait(false);
            if (!result.Succeeded) logger.LogWarning("Notification {Id} attempt {Attempt} failed: {Status} {Error}", n.Id, attempt, result.StatusCode, result.Error);
        }
        return attempted;
    }

    // A message sealed for one phone is opened only now, to be sent; once the member is erased nobody can open it. A
    // phone-change code is useless after its lifetime: it is failed then rather than sent late.
    private async Task<SendResult> SendAsync(
        string id, string member, string template, string body, DateTimeOffset createdAt, string? sealedMessage, CancellationToken cancellationToken)
    {
        if (sealedMessage is null) return await sender.SendAsync(new WebhookBody(id, member, template, body, createdAt), cancellationToken).ConfigureAwait(false);
        if (template == NotificationTemplates.PhoneCode && clock.GetUtcNow() - createdAt >= MemberGrain.CodeLifetime) return CodeExpired;
        if (template == NotificationTemplates.SignInCode && clock.GetUtcNow() - createdAt >= PhoneSignInGrain.CodeLifetime) return CodeExpired;
        PhoneMessage? message;
        try
        {
            message = await phoneMessages.OpenAsync(member, sealedMessage, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A missing master key or a damaged row: a failed attempt like any other (retried, then failed).
            return new SendResult(false, null, $"the message could not be opened: {e.GetType().Name}");
        }
        return message is null ? RecipientErased
            : await sender.SendAsync(new WebhookBody(id, member, template, message.Text, createdAt, message.To), cancellationToken).ConfigureAwait(false);
    }

    private static readonly SendResult RecipientErased = new(false, null, "recipient erased: the message can no longer be opened");

    private static readonly SendResult CodeExpired = new(false, null, "the code expired before it could be sent");

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based): the retry delay doubled, capped.</summary>
    public static TimeSpan Backoff(int attempt, NotificationOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ticks = settings.RetryDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= settings.MaxRetryDelay.Ticks ? settings.MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.WebhookUrl is null) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Notification dispatch failed; retrying");
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
