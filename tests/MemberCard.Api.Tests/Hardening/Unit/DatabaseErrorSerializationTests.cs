using MemberCard.Abstractions;
using MemberCard.Server.Api.Errors;
using MemberCard.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

namespace MemberCard.Api.Tests.Hardening.Unit;

/// <summary>
/// A PostgreSQL error thrown by a grain on another silo crosses the wire with Orleans' serializer; it must arrive as a
/// database error (503 unavailable), not fail to serialize (which the API answered with 500).
/// </summary>
public sealed class DatabaseErrorSerializationTests
{
    private static readonly PostgresException Refused = new("the database system is shutting down", "FATAL", "FATAL", "57P03");

    [Fact]
    public void APostgresErrorCrossesTheWireAsADatabaseErrorTheApiAnswersUnavailable()
    {
        var serializer = Serializer(databaseErrors: true);

        var arrived = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(Refused));

        Assert.IsType<PostgresException>(arrived);
        Assert.Contains("shutting down", arrived.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.Unavailable, ApiExceptionHandler.Classify(arrived).Code);
    }

    [Fact]
    public void WithoutItOrleansFindsNoCodecForNpgsqlsExceptions()
    {
        var serializer = Serializer(databaseErrors: false);

        Assert.Throws<CodecNotFoundException>(() => serializer.SerializeToArray<Exception>(Refused));
    }

    private static Serializer Serializer(bool databaseErrors)
    {
        var services = new ServiceCollection().AddSerializer();
        if (databaseErrors) services.AddSerializableDatabaseErrors();
        return services.BuildServiceProvider().GetRequiredService<Serializer>();
    }
}
