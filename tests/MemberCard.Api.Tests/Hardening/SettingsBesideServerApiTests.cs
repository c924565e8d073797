using MemberCard.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace MemberCard.Api.Tests.Hardening;

/// <summary>
/// A server reads the appsettings.json beside its binary wherever it is started from (docs/cluster.md starts silos
/// from the repository root), and environment variables and the command line still override the file.
/// </summary>
public sealed class SettingsBesideServerApiTests
{
    [Fact]
    public async Task AServerStartedFromAnotherDirectoryPaysTheBonusOfTheSettingsBesideIt()
    {
        var elsewhere = Directory.CreateTempSubdirectory("membercard-cwd-");
        try
        {
            await using var server = await ServerProcess.StartAsync(
                new Dictionary<string, string> { ["Storage:Sqlite:DataDirectory"] = Path.Combine(elsewhere.FullName, "data") }, elsewhere.FullName);
            var pos = new PosClient(server.CreateAdminClient());
            await pos.CreateStoreAsync("S001");
            var cardNo = await pos.NewCardAsync("S001");

            // appsettings.json seeds the rules with 2,000 bonus on a 10,000 top-up; built-in defaults pay none.
            Assert.Equal(2000, (await pos.TopUpAsync(cardNo, 10000, "S001")).Long("bonus"));
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheFileBesideTheServerKeepsItsPlaceInTheOrder()
    {
        var contentRoot = Directory.CreateTempSubdirectory("membercard-root-");
        var serverDirectory = Directory.CreateTempSubdirectory("membercard-bin-");
        try
        {
            File.WriteAllText(Path.Combine(serverDirectory.FullName, "appsettings.json"), """{ "A": "file", "B": "file" }""");
            var configuration = new ConfigurationManager();
            configuration.SetBasePath(contentRoot.FullName);
            configuration.AddJsonFile("appsettings.json", optional: true);
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["B"] = "environment" });
            Assert.Null(configuration["A"]);

            SettingsBesideServer.Apply(configuration, contentRoot.FullName, serverDirectory.FullName);

            Assert.Equal("file", configuration["A"]);
            Assert.Equal("environment", configuration["B"]);
        }
        finally
        {
            contentRoot.Delete(recursive: true);
            serverDirectory.Delete(recursive: true);
        }
    }

    [Fact]
    public void AFileInTheContentRootWins()
    {
        var contentRoot = Directory.CreateTempSubdirectory("membercard-root-");
        var serverDirectory = Directory.CreateTempSubdirectory("membercard-bin-");
        try
        {
            File.WriteAllText(Path.Combine(contentRoot.FullName, "appsettings.json"), """{ "A": "root" }""");
            File.WriteAllText(Path.Combine(serverDirectory.FullName, "appsettings.json"), """{ "A": "binary" }""");
            var configuration = new ConfigurationManager();
            configuration.SetBasePath(contentRoot.FullName);
            configuration.AddJsonFile("appsettings.json", optional: true);

            SettingsBesideServer.Apply(configuration, contentRoot.FullName, serverDirectory.FullName);

            Assert.Equal("root", configuration["A"]);
        }
        finally
        {
            contentRoot.Delete(recursive: true);
            serverDirectory.Delete(recursive: true);
        }
    }
}
