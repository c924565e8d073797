using MemberCard.Testing;

namespace MemberCard.Storage.Tests;

public sealed class SqliteStreamQueueStoreTests : ReminderTableContractTests
{
    protected override TestProvider Provider => TestProvider.Sqlite;
}
