using MemberCard.Runtime.Sqlite;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using MemberCard.Testing;

namespace MemberCard.Storage.Tests;

public sealed class SqliteStreamQueueStoreTests : ReminderTableContractTests
{
    protected override Task<string> CreateEmptyDatabaseAsync() => Task.FromResult(TestSqlite.CreateDataDirectory());

    protected override (IGrainStorage Storage, IProjectionDatabase Database) Open(string location)
    {
        var storage = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = location });
        return (storage, new SqliteProjectionDatabase(storage));
    }

    protected override Task DeleteDatabaseAsync(string location)
    {
        TestSqlite.DeleteDataDirectory(location);
        return Task.CompletedTask;
    }
}
