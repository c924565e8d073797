using System.Text.Json;
using System.Text.Json.Serialization;
using MemberCard.Abstractions.Activities;

namespace MemberCard.Grains.Activities;

/// <summary>Source-generated JSON for everything activities store, log or publish.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ActivityState))]
[JsonSerializable(typeof(ActivityListed))]
[JsonSerializable(typeof(AwardActivityPoints))]
internal sealed partial class ActivityJsonContext : JsonSerializerContext;
