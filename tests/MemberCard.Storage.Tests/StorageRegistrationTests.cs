using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MemberCard.Storage.Tests;

/// <summary>The DI extensions register one provider instance behind both storage interfaces.</summary>
public sealed class StorageRegistrationTests
{
    [Fact]
    public async Task SqliteStorageServesBothInterfacesFromOneInstance()
    {
        await using var services = new ServiceCollection()
            .AddSqliteGrainStorage(o => (o.DataDirectory, o.FileName) = ("some-dir", "cards.db"))
            .BuildServiceProvider();

        var storage = services.GetRequiredService<SqliteGrainStorage>();

        Assert.Same(storage, services.GetRequiredService<IGrainStorage>());
        Assert.Same(storage, services.GetRequiredService<IStorageInitializer>());
        Assert.Equal(Path.GetFullPath(Path.Combine("some-dir", "cards.db")), storage.DatabasePath);
    }

    [Fact]
    public async Task PostgresStorageServesBothInterfacesFromOneInstance()
    {
        // Creating the provider opens no connection, so this needs no server.
        await using var services = new ServiceCollection()
            .AddPostgresGrainStorage(o => o.ConnectionString = "Host=127.0.0.1;Username=postgres;Database=membercard")
            .BuildServiceProvider();

        var storage = services.GetRequiredService<PostgresGrainStorage>();

        Assert.Same(storage, services.GetRequiredService<IGrainStorage>());
        Assert.Same(storage, services.GetRequiredService<IStorageInitializer>());
    }

    [Fact]
    public void SqliteOptionsDefaultToDataDirectory()
    {
        var options = new SqliteStorageOptions();

        Assert.Equal(Path.GetFullPath(Path.Combine("data", "membercard.db")), options.FullPath);
    }
}
