using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using MemberCard.Storage.State;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Storage.Orleans.Tests;

/// <summary>A test silo whose grains keep their state (and outbox) in a SQLite file that outlives the silo.</summary>
internal static class SqliteSiloStorage
{
    /// <summary>Registers the SQLite storage of <paramref name="directory"/> (migrated at start) and the state facet.</summary>
    public static ISiloBuilder UseSqliteFile(this ISiloBuilder silo, string directory)
    {
        silo.Services.AddSingleton(new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = directory }));
        silo.Services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<SqliteGrainStorage>());
        silo.Services.AddSingleton<IStorageInitializer>(sp => sp.GetRequiredService<SqliteGrainStorage>());
        silo.Services.AddSingleton<IProjectionDatabase>(sp => new SqliteProjectionDatabase(sp.GetRequiredService<SqliteGrainStorage>()));
        return silo.AddAtomicState();
    }
}
