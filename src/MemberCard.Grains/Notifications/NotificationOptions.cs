namespace MemberCard.Grains.Notifications;

/// <summary>Notification settings (configuration section "Notifications").</summary>
public sealed class NotificationOptions
{
    /// <summary>A purchase leaving the balance below this (fen) also sends the low-balance message.</summary>
    public long LowBalanceThreshold { get; set; } = 2000;

    /// <summary>Where the webhook sender posts; null keeps messages in the notifications table only (the default sender).</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>The HMAC-SHA256 key the receiver checks signatures with.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Attempts before a message is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed attempt; doubled after each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the dispatcher looks for messages to send.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
