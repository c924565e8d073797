using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MemberCard.Grains.Tests.Access;

/// <summary>
/// The staff directory's security stamps: none until an account first changes, a new one with every disable and
/// password change, stored with the account (so a restarted cluster checks tokens against the same stamp).
/// </summary>
public sealed class StaffDirectoryTests
{
    private static readonly AuditActor Admin = new("key-1", Roles.Admin, null, "staff.test", "trace");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryGrainStorage _storage;

    public StaffDirectoryTests() => _storage = new InMemoryGrainStorage(_clock);

    [Fact]
    public async Task EveryChangeGivesTheAccountANewStampThatOutlivesARestart()
    {
        string afterPassword;
        await using (var cluster = await StartAsync())
        {
            var directory = Directory(cluster);
            await directory.CreateAsync(new CreateStaff("li", "hash-1", Roles.Cashier, "S001", Admin));
            Assert.Equal(new StaffStamp(null, false), await directory.GetStampAsync("li"));

            await directory.ChangePasswordAsync(new ChangeStaffPassword("li", "hash-2", Admin));

            var changed = await directory.GetStampAsync("li");
            Assert.NotNull(changed?.SecurityStamp);
            Assert.False(changed.Disabled);
            var credential = await directory.FindAsync("li");
            Assert.Equal(("hash-2", changed.SecurityStamp), (credential!.PasswordHash, credential.SecurityStamp));
            afterPassword = changed.SecurityStamp;
        }
        await using (var restarted = await StartAsync())
        {
            var directory = Directory(restarted);
            Assert.Equal(new StaffStamp(afterPassword, false), await directory.GetStampAsync("li"));

            await directory.DisableAsync("li", Admin);

            var disabled = await directory.GetStampAsync("li");
            Assert.True(disabled!.Disabled);
            Assert.NotEqual(afterPassword, disabled.SecurityStamp);
            Assert.NotNull(disabled.SecurityStamp);
        }
    }

    [Fact]
    public async Task AnUnknownAccountHasNoStampAndCannotBeChanged()
    {
        await using var cluster = await StartAsync();
        var directory = Directory(cluster);

        Assert.Null(await directory.GetStampAsync("nobody"));
        var refused = await Assert.ThrowsAsync<DomainException>(() => directory.ChangePasswordAsync(new ChangeStaffPassword("nobody", "hash", Admin)));
        Assert.Equal(ErrorCodes.StaffNotFound, refused.Code);
    }

    private static IStaffDirectoryGrain Directory(DomainCluster cluster) => cluster.Grains.GetGrain<IStaffDirectoryGrain>("all");

    private Task<DomainCluster> StartAsync() => DomainCluster.StartAsync(new DomainClusterOptions { Storage = _storage, Clock = _clock });
}
