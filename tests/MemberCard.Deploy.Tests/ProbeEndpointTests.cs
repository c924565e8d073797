using System.Net;
using Microsoft.Data.Sqlite;

namespace MemberCard.Deploy.Tests;

/// <summary>
/// The paths the manifests and the balancer probe are endpoints the server really has, answering as they must. One
/// server for the class (a start costs seconds); the test that breaks its readiness repairs it before it ends.
/// </summary>
public sealed class ProbeEndpointTests(ServerUnderTest server) : IClassFixture<ServerUnderTest>
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
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // What a database restored from an older backup looks like: the newest script is not recorded.
        await using var database = new SqliteConnection($"Data Source={server.DatabaseFile};Pooling=False");
        await database.OpenAsync();
        var version = await ExecuteAsync(database, "SELECT max(version) FROM schema_migrations");
        var name = await ExecuteAsync(database, $"SELECT name FROM schema_migrations WHERE version = {version}");
        var appliedAt = await ExecuteAsync(database, $"SELECT applied_at FROM schema_migrations WHERE version = {version}");
        await ExecuteAsync(database, $"DELETE FROM schema_migrations WHERE version = {version}");
        try
        {
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await ExecuteAsync(database, $"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({version}, '{name}', '{appliedAt}')");
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    private static async Task<object?> ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
