using System.Text.Json;
using System.Text.Json.Serialization;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using MemberCard.Abstractions.Rules;
using MemberCard.Abstractions.Stores;
using MemberCard.Grains.Access;
using MemberCard.Grains.Audit;
using MemberCard.Grains.Cards;
using MemberCard.Grains.Members;
using MemberCard.Grains.Rules;
using MemberCard.Grains.Stores;

namespace MemberCard.Grains;

/// <summary>Source-generated JSON for everything the grains store, so storage does no reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CardState))]
[JsonSerializable(typeof(CardTransaction))]
[JsonSerializable(typeof(CardView))]
[JsonSerializable(typeof(CardStatusChanged))]
[JsonSerializable(typeof(RequestRecord))]
[JsonSerializable(typeof(MemberState))]
[JsonSerializable(typeof(PersonalProfile))]
[JsonSerializable(typeof(PhoneMessage))]
[JsonSerializable(typeof(PhoneCodeSent))]
[JsonSerializable(typeof(PhoneChanged))]
[JsonSerializable(typeof(IdNumberChanged))]
[JsonSerializable(typeof(MemberRegistered))]
[JsonSerializable(typeof(StoreState))]
[JsonSerializable(typeof(CreateStore))]
[JsonSerializable(typeof(ApiKeyState))]
[JsonSerializable(typeof(ApiKeyRegistryState))]
[JsonSerializable(typeof(StaffDirectoryState))]
[JsonSerializable(typeof(AuditGrainState))]
[JsonSerializable(typeof(AuditEntry))]
[JsonSerializable(typeof(MemberListed))]
[JsonSerializable(typeof(MemberProfileUpdated))]
[JsonSerializable(typeof(MemberTagsChanged))]
[JsonSerializable(typeof(TierChanged))]
[JsonSerializable(typeof(RuleSet))]
[JsonSerializable(typeof(RulesState))]
[JsonSerializable(typeof(RulesRelease))]
[JsonSerializable(typeof(RulesRolledBack))]
[JsonSerializable(typeof(string))]
internal sealed partial class GrainJsonContext : JsonSerializerContext;
