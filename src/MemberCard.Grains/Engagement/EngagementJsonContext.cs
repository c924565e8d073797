using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemberCard.Grains.Engagement;

/// <summary>Source-generated JSON for what the engagement grain stores and publishes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EngagementState))]
[JsonSerializable(typeof(BirthdayGiftGranted))]
[JsonSerializable(typeof(RecallDue))]
[JsonSerializable(typeof(int))]
internal sealed partial class EngagementJsonContext : JsonSerializerContext;
