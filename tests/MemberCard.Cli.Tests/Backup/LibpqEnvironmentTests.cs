using MemberCard.Cli.Backup;

namespace MemberCard.Cli.Tests.Backup;

/// <summary>The server's Npgsql connection string becomes pg_dump's environment, password included, never its arguments.</summary>
public sealed class LibpqEnvironmentTests
{
    [Fact]
    public void EveryPartOfTheConnectionGoesIntoTheEnvironment()
    {
        var environment = LibpqEnvironment.From("Host=db.internal;Port=5433;Username=membercard;Password=s3cret;Database=cards;SSL Mode=VerifyFull;Timeout=7");

        Assert.Equal("db.internal", environment["PGHOST"]);
        Assert.Equal("5433", environment["PGPORT"]);
        Assert.Equal("membercard", environment["PGUSER"]);
        Assert.Equal("s3cret", environment["PGPASSWORD"]);
        Assert.Equal("cards", environment["PGDATABASE"]);
        Assert.Equal("verify-full", environment["PGSSLMODE"]);
        Assert.Equal("7", environment["PGCONNECT_TIMEOUT"]);
    }

    [Fact]
    public void SeveralHostsKeepTheirOwnPorts()
    {
        var environment = LibpqEnvironment.From("Host=a:5433,b,[::1]:5434;Port=5432;Username=u;Database=d");

        Assert.Equal("a,b,::1", environment["PGHOST"]);
        Assert.Equal("5433,5432,5434", environment["PGPORT"]);
        Assert.False(environment.ContainsKey("PGPASSWORD"));
    }

    [Fact]
    public void AMissingToolIsOneClearLine()
    {
        var error = Assert.Throws<BackupException>(() => PostgresTools.Find("pg_dump", "/nonexistent"));
        Assert.Equal("pg_dump is not in /nonexistent", error.Message);
    }
}
