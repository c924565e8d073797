using System.Text.Json;
using System.Text.Json.Serialization;
using MemberCard.Server.Cards;

namespace MemberCard.Server.Mall;

/// <summary>Source-generated JSON for the points-mall endpoints.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(RewardRequest))]
[JsonSerializable(typeof(RewardResponse))]
[JsonSerializable(typeof(ListResponse<RewardResponse>))]
[JsonSerializable(typeof(ListResponse<AvailableRewardResponse>))]
[JsonSerializable(typeof(ExchangeRequest))]
[JsonSerializable(typeof(ExchangeResponse))]
[JsonSerializable(typeof(MallOrderResponse))]
[JsonSerializable(typeof(ListResponse<MallOrderResponse>))]
[JsonSerializable(typeof(MoveOrderRequest))]
[JsonSerializable(typeof(MallReportResponse))]
internal sealed partial class MallApiJsonContext : JsonSerializerContext;
