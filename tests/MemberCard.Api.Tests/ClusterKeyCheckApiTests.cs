namespace MemberCard.Api.Tests;

/// <summary>
/// Keys every silo shares are checked at start against the fingerprints the storage keeps: a server started on the
/// same data with another key refuses to start naming the setting; keys in the wrong form are refused with the form.
/// SQLite only: the check reads and writes through the storage contract both providers pass.
/// </summary>
public sealed class ClusterKeyCheckApiTests
{
    private static readonly string SigningKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray());

    private static Dictionary<string, string?> Keys(string phoneKey, string signingKey) => new(SecurityApiTests.Settings)
    {
        ["PhoneIndex:HashKey"] = phoneKey,
        ["Auth:Jwt:SigningKey"] = signingKey,
    };

    [Fact]
    public async Task AServerWithAnotherKeyOnTheSameDataRefusesToStartNamingTheSetting()
    {
        var first = await MemberCardApplication.StartAsync(StorageKind.Sqlite, Keys("phone-index-key-one-0123456789", SigningKey));
        await first.CreateAdminPos().CreateStoreAsync("S001");

        var otherPhoneKey = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await (await first.RestartAsync(Keys("phone-index-key-two-0123456789", SigningKey))).DisposeAsync());
        Assert.Contains("PhoneIndex:HashKey differs", Flatten(otherPhoneKey));

        var otherSigningKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray());
        var sameData = await MemberCardApplication.StartAsync(StorageKind.Sqlite, Keys("phone-index-key-one-0123456789", SigningKey));
        await sameData.CreateAdminPos().CreateStoreAsync("S001");
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await (await sameData.RestartAsync(Keys("phone-index-key-one-0123456789", otherSigningKey))).DisposeAsync());
        Assert.Contains("Auth:Jwt:SigningKey differs", Flatten(refused));

        await using var again = await sameData.RestartAsync(Keys("phone-index-key-one-0123456789", SigningKey));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await again.CreateAdminClient().GetAsync("/api/v1/stores/S001")).StatusCode);
    }

    [Fact]
    public async Task AServerWithAnotherIdNumberIndexKeyOnTheSameDataRefusesToStart()
    {
        Dictionary<string, string?> WithIdKey(string key) => new(Keys("phone-index-key-one-0123456789", SigningKey)) { ["IdNumberIndex:HashKey"] = key };
        var first = await MemberCardApplication.StartAsync(StorageKind.Sqlite, WithIdKey("id-number-index-key-one-0123456789"));
        await first.CreateAdminPos().CreateStoreAsync("S001");

        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await (await first.RestartAsync(WithIdKey("id-number-index-key-two-0123456789"))).DisposeAsync());

        Assert.Contains("IdNumberIndex:HashKey differs", Flatten(refused));
    }

    [Theory]
    [InlineData("Auth:Jwt:SigningKey", "not base64 at all!", "Auth:Jwt:SigningKey must be the base64 of at least 32")]
    [InlineData("Auth:Jwt:SigningKey", "c2hvcnQ=", "Auth:Jwt:SigningKey must be the base64 of at least 32")]
    [InlineData("PersonalData:Keys:k1", "c2hvcnQ=", "PersonalData:Keys:k1 must be 32 random bytes")]
    public async Task AKeyInTheWrongFormIsRefusedAtStartWithTheFormItNeeds(string setting, string value, string message)
    {
        var settings = new Dictionary<string, string?>(SecurityApiTests.Settings) { [setting] = value };
        if (setting.StartsWith("PersonalData", StringComparison.Ordinal)) settings["PersonalData:CurrentKeyId"] = "k1";
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () => await (await MemberCardApplication.StartAsync(StorageKind.Sqlite, settings)).DisposeAsync());
        Assert.Contains(message, Flatten(refused));
    }

    private static string Flatten(Exception e) => e is AggregateException a ? string.Join(" | ", a.Flatten().InnerExceptions.Select(Flatten)) : e.Message + (e.InnerException is { } inner ? " | " + Flatten(inner) : "");
}
