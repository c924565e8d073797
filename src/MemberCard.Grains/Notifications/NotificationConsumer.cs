using MemberCard.Grains.Shared;
using System.Collections.Concurrent;
using MemberCard.Abstractions.Cards;
using MemberCard.Runtime.Streams;
using Microsoft.Extensions.Options;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Grains.Notifications;

/// <summary>
/// The "notifications" stream consumer (card, engagement and member events): renders each event's messages and stores them
/// in the notifications table, the durable outbox the dispatcher sends from. A message's id is its event's stream
/// and sequence plus the template, so a redelivered event inserts nothing (exactly one message per event).
/// </summary>
public sealed class NotificationConsumer(IProjectionDatabase database, IGrainFactory grains, IOptions<NotificationOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, string> _cardMembers = new();

    /// <summary>Stores the notifications a batch of card and engagement events brings.</summary>
    public async Task DeliverAsync(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var messages = new List<Notification>();
        foreach (var item in events)
        {
            if (!NotificationTemplates.Kinds.Contains(item.Kind)) continue;
            var member = item.Namespace is "engagement" or "member" ? item.Key : await MemberOfCardAsync(item.Key).ConfigureAwait(false);
            if (member is null) continue;
            var eventId = $"{item.Stream}:{item.Sequence.Version}:{item.Sequence.Index}";
            messages.AddRange(NotificationTemplates.Render(item.Kind, item.Json, member, eventId, settings.LowBalanceThreshold));
        }
        if (messages.Count == 0) return;
        var now = clock.GetUtcNow();
        // Without a webhook the table is the channel: rows are stored as delivered.
        var status = settings.WebhookUrl is null ? NotificationStatus.Stored : NotificationStatus.Pending;
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // One statement for the batch's messages (not one round trip each): every POS write brings one.
        await ExecuteValuesAsync(connection, transaction,
            "INSERT INTO notifications (id, member_id, template, body, created_at, status, attempts, next_attempt_at, sealed)",
            [.. messages.Select(m => new object?[] { m.Id, m.MemberId, m.Template, m.Text, database.Timestamp(now), status, 0, database.Timestamp(now), m.Sealed })],
            "ON CONFLICT (id) DO NOTHING", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<string?> MemberOfCardAsync(string cardNo)
    {
        if (_cardMembers.TryGetValue(cardNo, out var cached)) return cached;
        var card = await grains.GrainOf<ICardGrain>(cardNo).GetAsync().ConfigureAwait(false);
        return card is null ? null : _cardMembers[cardNo] = card.MemberId;
    }
}

/// <summary>Where a notification stands.</summary>
public static class NotificationStatus
{
    /// <summary>Kept in the table only (no webhook configured).</summary>
    public const string Stored = "stored";

    /// <summary>Waiting for (another) webhook attempt.</summary>
    public const string Pending = "pending";

    /// <summary>Delivered to the webhook.</summary>
    public const string Sent = "sent";

    /// <summary>Every attempt failed.</summary>
    public const string Failed = "failed";
}
