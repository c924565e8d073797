namespace MemberCard.Api.Tests.Telemetry;

/// <summary>
/// The meter and activity source are static, so any application in the process records into them: the telemetry tests
/// run alone (after the parallel ones), so what they count is only what they did.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
