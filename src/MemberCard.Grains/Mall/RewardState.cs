using System.Text.Json.Serialization;
using MemberCard.Abstractions.Mall;

namespace MemberCard.Grains.Mall;

/// <summary>
/// Durable state of a reward: every version of its definition (the last is current), its status, and the numbering of
/// its units: units below <see cref="NextUnit"/> were handed out; <see cref="Free"/> came back; <see cref="Holds"/> are
/// handed to exchanges not yet known to have committed.
/// </summary>
public sealed record RewardState(
    IReadOnlyList<RewardDefinition> Versions, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    int NextUnit = 1, IReadOnlyList<int>? Free = null, IReadOnlyList<UnitHold>? Holds = null)
{
    /// <summary>The free units (never null). Not stored: <see cref="Free"/> is.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> FreeUnits => Free ?? [];

    /// <summary>The holds (never null). Not stored: <see cref="Holds"/> is.</summary>
    [JsonIgnore]
    public IReadOnlyList<UnitHold> HeldUnits => Holds ?? [];
}
