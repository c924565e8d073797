using MemberCard.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MemberCard.Deploy.Tests;

/// <summary>The whole server (silo + REST) in the test process on a fresh SQLite directory, as the API tests host it.</summary>
public sealed class ServerUnderTest : WebApplicationFactory<Program>
{
    /// <summary>The SQLite data directory.</summary>
    public string DataDirectory { get; } = TestSqlite.CreateDataDirectory();

    /// <summary>The SQLite file of the grain storage.</summary>
    public string DatabaseFile => Path.Combine(DataDirectory, "membercard.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:Provider", "sqlite");
        builder.UseSetting("Storage:Sqlite:DataDirectory", DataDirectory);
        builder.UseSetting("Dashboard:Enabled", "false");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TestSqlite.DeleteDataDirectory(DataDirectory);
    }
}
