using MemberCard.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Hosting;

namespace MemberCard.Testing;

/// <summary>What a <see cref="DomainCluster"/> is made of.</summary>
public sealed class DomainClusterOptions
{
    /// <summary>Silos started at once.</summary>
    public short Silos { get; set; } = 1;

    /// <summary>
    /// The grains' transactional storage, shared by every silo (and by a later cluster the test starts on it); null:
    /// a new in-memory storage on <see cref="Clock"/>. A storage that migrates (SQLite, PostgreSQL) migrates at silo start.
    /// </summary>
    public IGrainStorage? Storage { get; set; }

    /// <summary>Whether disposing the cluster disposes <see cref="Storage"/> too (a storage made for this cluster alone).</summary>
    public bool DisposeStorage { get; set; }

    /// <summary>Configuration as the grains read it ("Campaigns:AutoRun", "Campaigns:BatchSize", "Engagement:...").</summary>
    public IDictionary<string, string?> Settings { get; set; } = new Dictionary<string, string?>();

    /// <summary>
    /// The silos' clock, driving grains, grain timers and reminders; null: the system clock. Orleans' own upkeep
    /// (messaging time-outs, membership, directory, activation collection, stream agents) stays on real time, so
    /// advancing the fake clock by days neither times out calls nor collects grains.
    /// </summary>
    public FakeTimeProvider? Clock { get; set; }

    /// <summary>
    /// How the silos keep reminders; default Orleans' in-memory reminder service (whose table is a grain, gone with
    /// its silo). See <see cref="RemindersIn"/> for a table that outlives a silo or the cluster.
    /// </summary>
    public Action<ISiloBuilder> Reminders { get; set; } = silo => silo.UseInMemoryReminderService();

    /// <summary>
    /// Whether reminders fire only when the test calls <see cref="DomainCluster.FireDueRemindersAsync"/>: Orleans'
    /// reminder service still registers and stores them, on the silos' clock, but never fires them itself.
    /// </summary>
    public bool RemindersFiredByTest { get; set; }

    /// <summary>
    /// Whether the outbox stream provider runs, delivering to the consumer grains (reports, notifications,
    /// engagement); the reports and notifications consumers need a storage with an SQL projection database.
    /// </summary>
    public bool Streams { get; set; }

    /// <summary>Anything else a test's silos need (placement, membership timings, a reminder provider's options).</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; set; }

    /// <summary>Orleans' reminder service on <paramref name="table"/>.</summary>
    public static Action<ISiloBuilder> RemindersIn(IReminderTable table) => silo =>
    {
        silo.AddReminders();
        silo.Services.AddSingleton(table);
    };
}
