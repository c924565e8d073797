using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemberCard.Grains.Reporting;

/// <summary>Source-generated JSON for the events reports read (same naming as the grains write them).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LedgerFigures))]
[JsonSerializable(typeof(CardOpenedFigures))]
[JsonSerializable(typeof(MemberRegisteredFigures))]
[JsonSerializable(typeof(CouponFigures))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
