using System.Text.Json.Serialization;

namespace MemberCard.Client;

/// <summary>Source-generated JSON for every body the client sends or reads: camelCase, nulls left out, no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(CreateStoreRequest))]
[JsonSerializable(typeof(Store))]
[JsonSerializable(typeof(RegisterMemberRequest))]
[JsonSerializable(typeof(UpdateMemberRequest))]
[JsonSerializable(typeof(LookupMemberBody))]
[JsonSerializable(typeof(PhoneCodeBody))]
[JsonSerializable(typeof(PhoneChange))]
[JsonSerializable(typeof(IssueCardBody))]
[JsonSerializable(typeof(MemberTagsBody))]
[JsonSerializable(typeof(Member))]
[JsonSerializable(typeof(Page<TierChange>))]
[JsonSerializable(typeof(Card))]
[JsonSerializable(typeof(Page<Card>))]
[JsonSerializable(typeof(CardReasonBody))]
[JsonSerializable(typeof(TopUpRequest))]
[JsonSerializable(typeof(TopUpResult))]
[JsonSerializable(typeof(TopUpPreview))]
[JsonSerializable(typeof(PurchaseRequest))]
[JsonSerializable(typeof(PurchaseResult))]
[JsonSerializable(typeof(RefundRequest))]
[JsonSerializable(typeof(RefundResult))]
[JsonSerializable(typeof(Page<Transaction>))]
[JsonSerializable(typeof(Page<Coupon>))]
[JsonSerializable(typeof(QuoteRequest))]
[JsonSerializable(typeof(Quote))]
[JsonSerializable(typeof(ActivitySignUpRequest))]
[JsonSerializable(typeof(ActivityCancelSignUpBody))]
[JsonSerializable(typeof(ActivityCheckInRequest))]
[JsonSerializable(typeof(ActivityRegistration))]
[JsonSerializable(typeof(ActivityCheckIn))]
[JsonSerializable(typeof(Page<AvailableReward>))]
[JsonSerializable(typeof(ExchangeRequest))]
[JsonSerializable(typeof(ExchangeResult))]
[JsonSerializable(typeof(Page<MallOrder>))]
[JsonSerializable(typeof(MallOrder))]
[JsonSerializable(typeof(MallOrderMoveBody))]
internal sealed partial class MemberCardJsonContext : JsonSerializerContext;
