using MemberCard.Server.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MemberCard.Deploy.Tests;

/// <summary>ReadinessCheck on fakes: each of its three conditions alone makes a silo not ready.</summary>
public sealed class ReadinessCheckTests
{
    private readonly FakeSiloStatus _silo = new();
    private readonly FakeStorage _storage = new();
    private readonly FakeSchema _schema = new();

    private Task<HealthCheckResult> CheckAsync() => new ReadinessCheck(new SiloMembershipStatus(_silo), _storage, _schema).CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task ActiveSiloWithStorageAnsweringAndEveryMigrationAppliedIsReady()
    {
        var result = await CheckAsync();
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(1, _storage.Pings);
    }

    [Theory]
    [InlineData(SiloStatus.Created)]
    [InlineData(SiloStatus.Joining)]
    [InlineData(SiloStatus.ShuttingDown)]
    [InlineData(SiloStatus.Stopping)]
    [InlineData(SiloStatus.Dead)]
    public async Task ASiloNotActiveInMembershipIsNotReadyAndStorageIsNotAsked(SiloStatus status)
    {
        _silo.CurrentStatus = status;
        var result = await CheckAsync();
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(status.ToString(), result.Description);
        Assert.Equal(0, _storage.Pings);
    }

    [Fact]
    public async Task StorageThatDoesNotAnswerMakesItNotReady()
    {
        _storage.PingFailure = new TimeoutException("no answer");
        var result = await CheckAsync();
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Same(_storage.PingFailure, result.Exception);
    }

    [Fact]
    public async Task AMigrationNotAppliedMakesItNotReadyAndIsNamed()
    {
        _schema.Missing = [60, 61];
        var result = await CheckAsync();
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("60, 61", result.Description);
    }

    [Fact]
    public async Task AnUnreadableMigrationsTableMakesItNotReady()
    {
        _schema.Failure = new InvalidOperationException("no such table: schema_migrations");
        var result = await CheckAsync();
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Same(_schema.Failure, result.Exception);
    }

    [Fact]
    public async Task ACancelledCheckIsCancelledNotUnhealthy()
    {
        _storage.PingFailure = new OperationCanceledException();
        await Assert.ThrowsAsync<OperationCanceledException>(CheckAsync);
    }
}
