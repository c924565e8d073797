using System.Net;
using Microsoft.Data.Sqlite;

namespace MemberCard.Deploy.Tests;

/// <summary>The paths the manifests and the balancer probe are endpoints the server really has, answering as they must.</summary>
public sealed class ProbeEndpointTests
{
    [Fact]
    public async Task EveryProbedPathAnswers200FromARunningServer()
    {
        var paths = Kube.Load().Workloads.SelectMany(Kube.Containers)
            .SelectMany(c => new[] { "readinessProbe", "livenessProbe", "startupProbe" }.Select(p => c.At($"{p}.httpGet.path")))
            .Where(p => !p.IsMissing).Select(p => p.Text)
            .Concat(HaproxyConfig.Load().CheckPaths())
            .Distinct().ToList();
        Assert.Equal(["/health/live", "/health/ready"], paths.Order());

        await using var server = new ServerUnderTest();
        using var client = server.CreateClient();
        foreach (var path in paths)
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        // The same client sees a path the server lacks as 404, so the loop above would catch a wrong path.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/health/nowhere")).StatusCode);
    }

    [Fact]
    public async Task ReadinessFailsWhileAMigrationOfThisBuildIsNotRecordedAndLivenessDoesNot()
    {
        await using var server = new ServerUnderTest();
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // What a database restored from an older backup looks like: the newest script is not recorded.
        await using var database = new SqliteConnection($"Data Source={server.DatabaseFile};Pooling=False");
        await database.OpenAsync();
        await using (var remove = database.CreateCommand())
        {
            remove.CommandText = "DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations) RETURNING version";
            var removed = await remove.ExecuteScalarAsync();
            Assert.NotNull(removed);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
