using MemberCard.Testing;

namespace MemberCard.Storage.Tests;

public sealed class SqliteStreamQueueStoreTests : StreamQueueStoreContractTests
{
    protected override TestProvider Provider => TestProvider.Sqlite;
}
