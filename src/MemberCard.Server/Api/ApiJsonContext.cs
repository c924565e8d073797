using System.Text.Json;
using System.Text.Json.Serialization;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Rules;
using MemberCard.Server.ApiKeys;
using MemberCard.Server.Audit;
using MemberCard.Server.Cards;
using MemberCard.Server.Members;
using MemberCard.Server.Privacy;
using MemberCard.Server.Staff;
using MemberCard.Server.Stores;

namespace MemberCard.Server.Api;

/// <summary>Source-generated JSON for every request and response of the API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CreateStoreRequest))]
[JsonSerializable(typeof(StoreResponse))]
[JsonSerializable(typeof(ListResponse<StoreResponse>))]
[JsonSerializable(typeof(RegisterMemberRequest))]
[JsonSerializable(typeof(LookupMemberRequest))]
[JsonSerializable(typeof(MemberResponse))]
[JsonSerializable(typeof(TopUpRequest))]
[JsonSerializable(typeof(PurchaseRequest))]
[JsonSerializable(typeof(RefundRequest))]
[JsonSerializable(typeof(CardStatusRequest))]
[JsonSerializable(typeof(CardResponse))]
[JsonSerializable(typeof(TopUpResponse))]
[JsonSerializable(typeof(TopUpPreviewResponse))]
[JsonSerializable(typeof(PurchaseResponse))]
[JsonSerializable(typeof(RefundResponse))]
[JsonSerializable(typeof(ListResponse<TransactionItem>))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(ApiKeyCreatedResponse))]
[JsonSerializable(typeof(ListResponse<ApiKeyResponse>))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(CreateStaffRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(StaffResponse))]
[JsonSerializable(typeof(ListResponse<StaffResponse>))]
[JsonSerializable(typeof(AuditEntry))]
[JsonSerializable(typeof(ListResponse<AuditItem>))]
[JsonSerializable(typeof(MemberExportResponse))]
[JsonSerializable(typeof(ReencryptResponse))]
[JsonSerializable(typeof(IssueCardRequest))]
[JsonSerializable(typeof(CardLifecycleRequest))]
[JsonSerializable(typeof(PointsAdjustmentRequest))]
[JsonSerializable(typeof(UpdateMemberRequest))]
[JsonSerializable(typeof(MemberTagsRequest))]
[JsonSerializable(typeof(ListResponse<CardResponse>))]
[JsonSerializable(typeof(ListResponse<TierChangeItem>))]
[JsonSerializable(typeof(RuleSet))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
