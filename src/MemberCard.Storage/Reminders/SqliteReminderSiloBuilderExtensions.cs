using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MemberCard.Storage.Reminders;

/// <summary>Adds Orleans' reminder service on the embedded SQLite file.</summary>
public static class SqliteReminderSiloBuilderExtensions
{
    /// <summary>
    /// Orleans' reminders, kept in the SQLite file of the registered <see cref="SqliteGrainStorage"/> (which migrates
    /// the table at silo start).
    /// </summary>
    public static ISiloBuilder UseSqliteReminders(this ISiloBuilder builder)
    {
        builder.AddReminders();
        builder.Services.TryAddSingleton(sp => sp.GetService<IProjectionDatabase>() as SqliteProjectionDatabase
            ?? new SqliteProjectionDatabase(sp.GetRequiredService<SqliteGrainStorage>()));
        builder.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return builder;
    }
}
