using System.Text.Json;
using System.Text.Json.Serialization;
using MemberCard.Abstractions.Mall;

namespace MemberCard.Grains.Mall;

/// <summary>Source-generated JSON for everything the points mall stores, claims, logs or publishes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RewardState))]
[JsonSerializable(typeof(RewardView))]
[JsonSerializable(typeof(RewardListed))]
[JsonSerializable(typeof(MallOrder))]
[JsonSerializable(typeof(MallOrderState))]
[JsonSerializable(typeof(MallOrderMoved))]
[JsonSerializable(typeof(MallOrderCancelled))]
[JsonSerializable(typeof(string))]
internal sealed partial class MallJsonContext : JsonSerializerContext;
