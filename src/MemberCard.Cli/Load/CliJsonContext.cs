using System.Text.Json.Serialization;

namespace MemberCard.Cli.Load;

/// <summary>Source-generated JSON for the report the tool writes (requests and answers go through MemberCard.Client): no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LoadReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
