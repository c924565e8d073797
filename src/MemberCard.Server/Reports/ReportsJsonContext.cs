using System.Text.Json;
using System.Text.Json.Serialization;
using MemberCard.Server.Cards;
using MemberCard.Server.Notifications;
using MemberCard.Server.Streams;

namespace MemberCard.Server.Reports;

/// <summary>Source-generated JSON for the report and stream admin responses.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ReportResponse))]
[JsonSerializable(typeof(CohortResponse))]
[JsonSerializable(typeof(StreamQueuesResponse))]
[JsonSerializable(typeof(ListResponse<DeadLetterItem>))]
[JsonSerializable(typeof(NotificationsResponse))]
internal sealed partial class ReportsJsonContext : JsonSerializerContext;
