using System.Text.Json;
using System.Text.Json.Serialization;
using MemberCard.Grains.Engagement;
using MemberCard.Grains.Reporting;

namespace MemberCard.Grains.Notifications;

/// <summary>Source-generated JSON for the events notifications read and the webhook body.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LedgerFigures))]
[JsonSerializable(typeof(BirthdayGiftGranted))]
[JsonSerializable(typeof(RecallDue))]
[JsonSerializable(typeof(WebhookBody))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;

/// <summary>What the webhook posts.</summary>
public sealed record WebhookBody(string Id, string MemberId, string Template, string Text, DateTimeOffset CreatedAt);
