using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MemberCard.Runtime.Telemetry;

/// <summary>
/// The meter and activity source named <c>MemberCard</c>, and the instruments every layer records into (the names are
/// listed in docs/operations.md, "Telemetry"). Static, as <c>System.Net.Http</c>'s are: a recording costs nothing until
/// a listener (OpenTelemetry's meter provider) subscribes, and then no allocation (tags go in a <see cref="TagList"/>).
/// </summary>
public static class MemberCardInstruments
{
    /// <summary>Name of the meter and of the activity source.</summary>
    public const string Name = "MemberCard";

    /// <summary>Our spans: the group commit (with Npgsql's SQL spans beneath it).</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>Our instruments.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Writes committed together in one transaction.</summary>
    public static readonly Histogram<int> CommitSize = Meter.CreateHistogram(
        "membercard.commit.size", "{write}", "Grain writes committed together in one database transaction (group commit)",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    /// <summary>How long a group's transaction took.</summary>
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        "membercard.commit.duration", "s", "Duration of one group commit (one database transaction)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary>POS requests by operation and outcome.</summary>
    public static readonly Counter<long> PosOperations = Meter.CreateCounter<long>(
        "membercard.pos.operations", "{operation}", "POS requests answered, by operation and outcome (ok or the error code)");

    /// <summary>How long POS requests took.</summary>
    public static readonly Histogram<double> PosDuration = Meter.CreateHistogram(
        "membercard.pos.duration", "s", "Duration of POS requests, by operation and outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary>Stored value moved, in minor units, by transaction kind.</summary>
    public static readonly Counter<long> MoneyMoved = Meter.CreateCounter<long>(
        "membercard.money.moved", "{minor_unit}", "Stored value moved by committed card transactions (absolute, minor units), by kind");

    /// <summary>Points moved, by transaction kind.</summary>
    public static readonly Counter<long> PointsMoved = Meter.CreateCounter<long>(
        "membercard.points.moved", "{point}", "Points moved by committed card transactions (absolute), by kind");

    /// <summary>Outbox events sent to the dead-letter table, by consumer.</summary>
    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>(
        "membercard.stream.dead_letters", "{event}", "Outbox events dead-lettered, by consumer");

    /// <summary>Coupons a campaign issued.</summary>
    public static readonly Counter<long> CouponsIssued = Meter.CreateCounter<long>(
        "membercard.campaign.coupons.issued", "{coupon}", "Coupons issued by campaigns");

    // 1 ms to 10 s, as OpenTelemetry's HTTP conventions advise for durations in seconds (the SDK's default buckets run
    // from 0 to 10,000, made for milliseconds: every request would land in the first).
    private static double[] DurationBuckets => [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10];
}
