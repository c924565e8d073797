using System.Text.Json;
using System.Text.Json.Serialization;
using MemberCard.Abstractions.Campaigns;
using MemberCard.Grains.Campaigns.Coupons;

namespace MemberCard.Grains.Campaigns;

/// <summary>Source-generated JSON for everything campaigns and coupons store, journal, claim or publish.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CampaignState))]
[JsonSerializable(typeof(CampaignListed))]
[JsonSerializable(typeof(CampaignTargetChunk))]
[JsonSerializable(typeof(CampaignStatusChanged))]
[JsonSerializable(typeof(CouponIssuerState))]
[JsonSerializable(typeof(IssuedCoupon))]
[JsonSerializable(typeof(CouponsIssued))]
[JsonSerializable(typeof(CouponRedemption))]
[JsonSerializable(typeof(string))]
internal sealed partial class CampaignJsonContext : JsonSerializerContext;
