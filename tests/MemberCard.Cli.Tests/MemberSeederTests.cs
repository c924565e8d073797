using System.Text.Json;
using MemberCard.Cli.Seed;
using MemberCard.Grains.Members;
using MemberCard.Grains.Privacy;
using MemberCard.Runtime.Postgres;
using MemberCard.Runtime.Storage;
using MemberCard.Testing;
using Microsoft.Extensions.Options;
using GrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Cli.Tests;

/// <summary>The seeder writes members as registration does: the profile sealed under a key of the member's own, nothing in clear.</summary>
public sealed class MemberSeederTests
{
    [PostgresFact]
    public async Task SeededMembersAreSealedUnderTheirOwnKeysAndFoundByPhone()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var report = await MemberSeeder.RunAsync(new MemberSeedOptions(connectionString, 3, "S001", "170", 42, 2), TextWriter.Null, CancellationToken.None);
            Assert.Equal(3, report.Members);

            await using var storage = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = connectionString });
            await storage.InitializeAsync();
            var phones = new PhoneIndex(Options.Create(new PhoneIndexOptions()), storage);
            var cipher = new PersonalDataCipher(Options.Create(new PersonalDataOptions()));
            const string phone = "17000000043";
            var memberId = await phones.FindMemberIdAsync(phone);
            Assert.NotNull(memberId);

            var json = (await storage.ReadStateAsync(new GrainId("member", memberId)))!.Json;
            Assert.DoesNotContain(phone, json);
            Assert.DoesNotContain("Member 43", json);
            using var state = JsonDocument.Parse(json);
            var claim = (await storage.ReadClaimAsync(new ClaimKey(PersonalSealing.KeyScope, state.RootElement.GetProperty("dataKey").GetString()!)))!;
            var key = PersonalSealing.UnwrapKey(cipher, claim.Value, memberId);
            var profile = PersonalSealing.Open(key, state.RootElement.GetProperty("personal").GetString()!, memberId);
            Assert.Equal((phone, "Member 43"), (profile.Phone, profile.Name));
            Assert.Equal(profile.Birthday!.Value.Month, state.RootElement.GetProperty("birthMonth").GetInt32());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }
}
