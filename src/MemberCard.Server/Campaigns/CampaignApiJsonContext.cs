using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemberCard.Server.Campaigns;

/// <summary>Source-generated JSON for the campaign and coupon endpoints.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CreateCampaignRequest))]
[JsonSerializable(typeof(ScheduleCampaignRequest))]
[JsonSerializable(typeof(CampaignResponse))]
[JsonSerializable(typeof(CampaignProgressResponse))]
[JsonSerializable(typeof(CampaignStatsResponse))]
[JsonSerializable(typeof(CampaignTargetsResponse))]
[JsonSerializable(typeof(CouponListResponse))]
[JsonSerializable(typeof(MemberCard.Server.Cards.ListResponse<CampaignResponse>))]
[JsonSerializable(typeof(SegmentRequest))]
[JsonSerializable(typeof(SegmentCountResponse))]
[JsonSerializable(typeof(QuoteRequest))]
[JsonSerializable(typeof(QuoteResponse))]
internal sealed partial class CampaignApiJsonContext : JsonSerializerContext;
