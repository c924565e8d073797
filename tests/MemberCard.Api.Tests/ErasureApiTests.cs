using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MemberCard.Grains.Members;
using MemberCard.Grains.Privacy;
using MemberCard.Runtime.Storage;
using MemberCard.Runtime.Streams;
using MemberCard.Testing;
using Microsoft.Extensions.DependencyInjection;
using GrainId = MemberCard.Runtime.GrainId;

namespace MemberCard.Api.Tests;

/// <summary>
/// Erasure is final by crypto-shredding (docs/security.md, "Personal data"): the profile is stored only under the
/// member's own data key and erasure deletes that key. The ciphertext captured before erasure opens with the key
/// then and with no key the database holds afterwards; on SQLite no file (database, -wal, -shm) ever holds the
/// name, e-mail, phone, ID number or their masks in clear.
/// </summary>
public abstract class ErasureApiTests
{
    protected abstract StorageKind Storage { get; }

    [StorageFact]
    public async Task AfterErasureNoKeyTheDatabaseHoldsOpensTheProfileAndNoFileHoldsItInClear()
    {
        await using var app = await MemberCardApplication.StartAsync(Storage);
        var admin = app.CreateAdminPos();
        await admin.CreateStoreAsync("S001");
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var (name, renamed, email, phone) = ($"Zebulon Quartermaine {tag}", $"张伟{tag}", $"zq.{tag}@example.test", PosClient.UniquePhone());
        var idNumber = PosClient.UniqueIdNumber();
        var member = await PosClient.ExpectAsync(await admin.Http.PostAsJsonAsync("/api/v1/members",
            new { phone, name, birthday = "1988-02-29", email, storeId = "S001", idNumber }), HttpStatusCode.Created);
        var memberId = member.Text("memberId");
        await PosClient.ExpectAsync(await admin.Http.PatchAsJsonAsync($"/api/v1/members/{memberId}", new { name = renamed }), HttpStatusCode.OK);
        var cardNo = (await admin.IssueCardAsync(memberId)).Text("cardNo");
        await admin.TopUpAsync(cardNo, 10000, "S001");
        var other = (await admin.RegisterMemberAsync("S001")).Text("memberId");

        var storage = app.Services.GetRequiredService<IGrainStorage>();
        var cipher = app.Services.GetRequiredService<PersonalDataCipher>();
        var (personal, keyClaim) = await SealedProfileAsync(storage, memberId);
        var wrapped = (await storage.ReadClaimAsync(new ClaimKey(PersonalSealing.KeyScope, keyClaim)))!;
        var key = PersonalSealing.UnwrapKey(cipher, wrapped.Value, memberId);
        Assert.Equal((phone, renamed, email, idNumber), Fields(PersonalSealing.Open(key, personal, memberId)));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsync($"/api/v1/members/{memberId}/erase", null)).StatusCode);

        Assert.Null(await storage.ReadClaimAsync(new ClaimKey(PersonalSealing.KeyScope, keyClaim)));
        var keys = await MemberKeysAsync(app.Services.GetRequiredService<IProjectionDatabase>());
        Assert.Contains(keys, k => k.Owner == other);
        Assert.DoesNotContain(keys, k => k.Owner == memberId);
        foreach (var (owner, value) in keys)
        {
            var otherKey = PersonalSealing.UnwrapKey(cipher, value, owner);
            Assert.ThrowsAny<CryptographicException>(() => PersonalSealing.Open(otherKey, personal, memberId));
        }
        var erased = (await storage.ReadStateAsync(new GrainId("member", memberId)))!.Json;
        Assert.DoesNotContain(personal, erased);
        // The card and its money stay: 10,000 topped up and the 2,000 bonus.
        Assert.Equal(12000, (await PosClient.ExpectAsync(await admin.Http.GetAsync($"/api/v1/cards/{cardNo}"), HttpStatusCode.OK)).Long("balance"));

        if (Storage == StorageKind.Sqlite)
        {
            var files = Directory.GetFiles(app.StorageLocation, "membercard.db*");
            Assert.Contains(files, f => f.EndsWith("-wal", StringComparison.Ordinal) && new FileInfo(f).Length > 0);
            var bytes = files.Select(SecurityApiTests.ReadWhileOpen).ToList();
            // The scan sees what is written: the member id is there, in the ledger and the audit trail.
            Assert.Contains(bytes, b => Contains(b, memberId));
            // The ID number whole, its 17 digits before the check character, and its mask.
            foreach (var clear in new[] { name, renamed, email, phone, phone[..3] + "****" + phone[^4..], tag, idNumber, idNumber[..17], idNumber[..3] + "***" })
                Assert.DoesNotContain(bytes, b => Contains(b, clear));
        }
    }

    private static (string?, string?, string?, string?) Fields(PersonalProfile p) => (p.Phone, p.Name, p.Email, p.IdNumber);

    private static async Task<(string Personal, string DataKey)> SealedProfileAsync(IGrainStorage storage, string memberId)
    {
        using var state = JsonDocument.Parse((await storage.ReadStateAsync(new GrainId("member", memberId)))!.Json);
        return (state.RootElement.GetProperty("personal").GetString()!, state.RootElement.GetProperty("dataKey").GetString()!);
    }

    private static async Task<List<(string Owner, string Value)>> MemberKeysAsync(IProjectionDatabase database)
    {
        var keys = new List<(string, string)>();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT owner_key, value FROM claims WHERE scope = '{PersonalSealing.KeyScope}'";
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) keys.Add((reader.GetString(0), reader.GetString(1)));
        return keys;
    }

    private static bool Contains(byte[] haystack, string text) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}

public sealed class SqliteErasureApiTests : ErasureApiTests
{
    protected override StorageKind Storage => StorageKind.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresErasureApiTests : ErasureApiTests
{
    protected override StorageKind Storage => StorageKind.Postgres;
}
