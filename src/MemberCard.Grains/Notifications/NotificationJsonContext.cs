using System.Text.Json;
using System.Text.Json.Serialization;
using MemberCard.Grains.Engagement;
using MemberCard.Grains.Members;
using MemberCard.Grains.Reporting;

namespace MemberCard.Grains.Notifications;

/// <summary>Source-generated JSON for the events notifications read and the webhook body.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LedgerFigures))]
[JsonSerializable(typeof(BirthdayGiftGranted))]
[JsonSerializable(typeof(RecallDue))]
[JsonSerializable(typeof(WebhookBody))]
[JsonSerializable(typeof(PhoneCodeSent))]
[JsonSerializable(typeof(PhoneChanged))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;

/// <summary>What the webhook posts; <paramref name="To"/> is the phone a message for one phone goes to (a code, a warning to an old number), else null.</summary>
public sealed record WebhookBody(string Id, string MemberId, string Template, string Text, DateTimeOffset CreatedAt, string? To = null);
