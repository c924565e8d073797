using System.Text.Json;
using System.Text.Json.Serialization;
using MemberCard.Server.Cards;

namespace MemberCard.Server.Activities;

/// <summary>Source-generated JSON for the activity endpoints.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CreateActivityRequest))]
[JsonSerializable(typeof(StaffSignUpRequest))]
[JsonSerializable(typeof(StaffCancelSignUpRequest))]
[JsonSerializable(typeof(CheckInRequest))]
[JsonSerializable(typeof(ActivityResponse))]
[JsonSerializable(typeof(ListResponse<ActivityResponse>))]
[JsonSerializable(typeof(RegistrationResponse))]
[JsonSerializable(typeof(CheckInResponse))]
[JsonSerializable(typeof(ActivityReportResponse))]
[JsonSerializable(typeof(MyActivityResponse))]
[JsonSerializable(typeof(ListResponse<MyActivityResponse>))]
internal sealed partial class ActivityApiJsonContext : JsonSerializerContext;
