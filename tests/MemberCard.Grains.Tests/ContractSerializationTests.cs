using System.Reflection;
using System.Text.Json;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Cards;
using MemberCard.Abstractions.Members;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace MemberCard.Grains.Tests;

/// <summary>
/// The grain contracts' messages go between silos through Orleans' serializer: each is marked for it with stable ids
/// and an alias, and representative ones come back equal (compared as JSON, since records holding lists compare lists
/// by reference).
/// </summary>
public sealed class ContractSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    private static void AssertSameJson<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

    [Fact]
    public void EveryContractRecordIsMarkedForOrleansWithAnAliasOfItsOwn()
    {
        var records = typeof(DomainException).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.GetMethod("<Clone>$") is not null)
            .ToList();

        Assert.NotEmpty(records);
        Assert.All(records, t => Assert.NotNull(t.GetCustomAttribute<Orleans.GenerateSerializerAttribute>()));
        var aliases = records.Select(t => t.GetCustomAttribute<Orleans.AliasAttribute>()?.Alias).ToList();
        Assert.DoesNotContain(null, aliases);
        Assert.Equal(aliases.Count, aliases.Distinct().Count());
    }

    [Fact]
    public void StaffStampsAndCredentialsComeBackWithTheirStamp()
    {
        var credential = new StaffCredential(new StaffView("li", Roles.Cashier, "S001", false, DateTimeOffset.UnixEpoch), "hash", "stamp-1");
        var stamp = new StaffStamp("stamp-1", true);
        var change = new ChangeStaffPassword("li", "hash-2", new AuditActor("key-1", Roles.Admin, null, "staff.password", "trace"));

        Assert.Equal(credential, RoundTrip(credential));
        Assert.Equal(stamp, RoundTrip(stamp));
        Assert.Equal(change, RoundTrip(change));
        Assert.Equal(new StaffStamp(null, false), RoundTrip(new StaffStamp(null, false)));
    }

    [Fact]
    public void ALedgerEntryWithItsPointDrawsComesBackWhole()
    {
        var entry = new CardTransaction
        {
            TransactionId = "t1", Type = TransactionTypes.Purchase, CardNo = "6214", StoreId = "S001", OrderNo = "A-1",
            Amount = 5000, BalanceDelta = -4000, PrincipalDelta = -3000, BonusDelta = -1000, PointsDelta = 12, Reason = "promotion",
            PointsDrawn = [new PointDraw("lot-1", DateTimeOffset.UnixEpoch, null, 30)], CouponCode = "C-9", CouponRestored = true,
            CreatedAt = new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero),
        };

        AssertSameJson(entry, RoundTrip(entry));
    }

    [Fact]
    public void ARuleSetAndAMemberExportComeBackWhole()
    {
        var rules = Rules.Ladder with { Version = 7, PublishedAt = DateTimeOffset.UnixEpoch };
        var export = new MemberExport("m1", "13812345678", "Li Lei", new DateOnly(1990, 5, 1), null, "gold", "S001",
            DateTimeOffset.UnixEpoch, false, ["6214", "6215"]);

        AssertSameJson(rules, RoundTrip(rules));
        AssertSameJson(export, RoundTrip(export));
    }

    [Fact]
    public void ADomainRefusalKeepsItsCodeAndFieldErrors()
    {
        var refusal = DomainException.Invalid("amount", "amount must be at least 1");

        var copy = RoundTrip(refusal);

        Assert.Equal((refusal.Code, refusal.Message), (copy.Code, copy.Message));
        Assert.Equal(["amount must be at least 1"], copy.Errors!["amount"]);
    }

    [Fact]
    public void ABatchsOutcomesKeepTheirTransactionOrRefusal()
    {
        var outcomes = new[]
        {
            new CardWriteOutcome(new CardTransaction { TransactionId = "t1", Type = TransactionTypes.TopUp, CardNo = "6214", StoreId = "S001", Amount = 100, CreatedAt = DateTimeOffset.UnixEpoch }),
            new CardWriteOutcome(null, new DomainException(ErrorCodes.InsufficientBalance, "The card has 5 left.")),
        };

        var copy = RoundTrip(outcomes);

        AssertSameJson(outcomes[0].Transaction, copy[0].Transaction);
        Assert.Null(copy[0].Refusal);
        Assert.Null(copy[1].Transaction);
        Assert.Equal((ErrorCodes.InsufficientBalance, "The card has 5 left."), (copy[1].Refusal!.Code, copy[1].Refusal!.Message));
    }
}
