using System.Text.Json.Serialization;

namespace MemberCard.Cli.Load;

/// <summary>Source-generated JSON for every type the tool sends, reads or writes: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CreateStoreBody))]
[JsonSerializable(typeof(RegisterMemberBody))]
[JsonSerializable(typeof(LookupMemberBody))]
[JsonSerializable(typeof(TopUpBody))]
[JsonSerializable(typeof(PurchaseBody))]
[JsonSerializable(typeof(RefundBody))]
[JsonSerializable(typeof(EmptyBody))]
[JsonSerializable(typeof(MemberDto))]
[JsonSerializable(typeof(CardDto))]
[JsonSerializable(typeof(TopUpDto))]
[JsonSerializable(typeof(TransactionPageDto))]
[JsonSerializable(typeof(LoadReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
