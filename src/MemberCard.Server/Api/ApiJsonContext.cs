using System.Text.Json;
using System.Text.Json.Serialization;
using MemberCard.Server.ApiKeys;
using MemberCard.Server.Cards;
using MemberCard.Server.Members;
using MemberCard.Server.Stores;

namespace MemberCard.Server.Api;

/// <summary>Source-generated JSON for every request and response of the API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CreateStoreRequest))]
[JsonSerializable(typeof(StoreResponse))]
[JsonSerializable(typeof(RegisterMemberRequest))]
[JsonSerializable(typeof(LookupMemberRequest))]
[JsonSerializable(typeof(MemberResponse))]
[JsonSerializable(typeof(TopUpRequest))]
[JsonSerializable(typeof(PurchaseRequest))]
[JsonSerializable(typeof(RefundRequest))]
[JsonSerializable(typeof(CardStatusRequest))]
[JsonSerializable(typeof(CardResponse))]
[JsonSerializable(typeof(TopUpResponse))]
[JsonSerializable(typeof(PurchaseResponse))]
[JsonSerializable(typeof(RefundResponse))]
[JsonSerializable(typeof(ListResponse<TransactionItem>))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(ApiKeyCreatedResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
