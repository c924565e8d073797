using System.Data.Common;
using MemberCard.Grains.Reporting;
using MemberCard.Runtime.Streams;
using MemberCard.Testing;
using Microsoft.Extensions.Options;

namespace MemberCard.Api.Tests;

/// <summary>
/// The report projection on each provider's tables, batch by batch: events count once however they are
/// redelivered (overlapping batches, the same batch twice at once), and a batch's figures are the sums of its events.
/// </summary>
public abstract class ReportProjectionContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private TestProjectionStore? _store;

    protected abstract TestProvider Provider { get; }

    private IProjectionDatabase Database => _store!.Database;

    private ReportProjection Projection { get; set; } = null!;

    public async Task InitializeAsync()
    {
        _store = await TestProjectionStore.CreateAsync(Provider);
        Projection = new ReportProjection(Database, Options.Create(new ReportOptions()));
    }

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    [StorageFact]
    public async Task OverlappingRedeliveriesCountEachEventOnce()
    {
        var issued = Enumerable.Range(1, 8).Select(v => Issued("camp-a/0", v, "camp-a")).ToList();

        await Projection.DeliverAsync(issued[..5], default);
        await Projection.DeliverAsync(issued[2..], default);
        await Projection.DeliverAsync(issued, default);

        Assert.Equal(80, await ScalarAsync("SELECT issued FROM report_coupons WHERE campaign_id = 'camp-a'"));
    }

    [StorageFact]
    public async Task ABatchSumsItsEventsPerKeyAndSkipsWhatItsStreamAlreadyApplied()
    {
        await Projection.DeliverAsync(
        [
            Event("member", "m1", 1, 0, "member.registered", """{"memberId":"m1","storeId":"S1","at":"2026-03-01T08:00:00Z"}"""),
            Event("card", "c1", 1, 0, "card.opened", """{"cardNo":"c1","memberId":"m1"}"""),
            Purchase("c1", 2, 500, "S1"),
            Event("card", "c1", 3, 0, "card.frozen", """{"cardNo":"c1"}"""),
            Purchase("c1", 4, 700, "S1"),
            Purchase("c2", 1, 100, "S2"),
            // An event of the time issuance published one per coupon still counts one.
            Event("coupon-issuer", "camp-z/0", 1, 0, "coupon.issued",
                """{"code":"C1","campaignId":"camp-z","memberId":"m1","number":1,"issuedAt":"2026-03-01T08:00:00Z"}"""),
            Issued("camp-z/0", 2, "camp-z"),
        ], default);
        // The member's second registration event and c1's first purchase again: both already applied.
        await Projection.DeliverAsync(
        [
            Event("member", "m1", 1, 0, "member.registered", """{"memberId":"m1","storeId":"S9","at":"2026-03-02T08:00:00Z"}"""),
            Purchase("c1", 2, 500, "S1"),
            Purchase("c1", 5, 1, "S1"),
        ], default);

        Assert.Equal(3, await ScalarAsync("SELECT entries FROM report_ledger WHERE store_id = 'S1' AND type = 'purchase'"));
        Assert.Equal(1201, await ScalarAsync("SELECT amount FROM report_ledger WHERE store_id = 'S1' AND type = 'purchase'"));
        Assert.Equal(-1201, await ScalarAsync("SELECT balance_delta FROM report_ledger WHERE store_id = 'S1' AND type = 'purchase'"));
        Assert.Equal(100, await ScalarAsync("SELECT amount FROM report_ledger WHERE store_id = 'S2'"));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM report_members WHERE store_id = 'S1'"));
        // c1's purchases make m1 active once that day at S1; c2 was never opened, so it has no member to count.
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM report_activity WHERE member_id = 'm1' AND store_id = 'S1'"));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM report_activity"));
        Assert.Equal(5, await ScalarAsync("SELECT version FROM report_streams WHERE grain_key = 'c1'"));
        Assert.Equal(11, await ScalarAsync("SELECT issued FROM report_coupons WHERE campaign_id = 'camp-z'"));
    }

    [StorageFact]
    public async Task BatchesDeliveredAtOnceByTwoOwnersCountOnce()
    {
        // Two silos both believing they own the queue for a moment deliver batches from the same checkpoint (of
        // different lengths) of streams not seen yet; the stream rows make the later one skip what the first applied.
        var issued = Enumerable.Range(1, 40).Select(v => Issued($"camp-b/{v % 3}", v, "camp-b")).ToList();
        await Task.WhenAll(
            Task.Run(() => Projection.DeliverAsync(issued[..25], default)),
            Task.Run(() => Projection.DeliverAsync(issued, default)),
            Task.Run(() => Projection.DeliverAsync(issued, default)));

        Assert.Equal(400, await ScalarAsync("SELECT issued FROM report_coupons WHERE campaign_id = 'camp-b'"));
    }

    // One issuance batch of ten coupons.
    private static StreamEvent Issued(string issuer, long version, string campaign) => Event(
        "coupon-issuer", issuer, version, 0, "coupons.issued", $$"""{"campaignId":"{{campaign}}","count":10,"issuedAt":"2026-03-01T08:00:00Z"}""");

    private static StreamEvent Purchase(string card, long version, long amount, string store) => Event(
        "card", card, version, 0, "card.purchase",
        $$"""{"type":"purchase","cardNo":"{{card}}","storeId":"{{store}}","amount":{{amount}},"balanceCharged":{{amount}},"balanceDelta":{{-amount}},"createdAt":"2026-03-01T09:00:00Z"}""");

    private static StreamEvent Event(string ns, string key, long version, int index, string kind, string json) =>
        new(ns, key, new StreamSequence(version, index), kind, json, T0, new StreamPosition(0, version));

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await Database.OpenAsync();
        await using DbCommand command = ProjectionSql.Command(connection, null, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class SqliteReportProjectionTests : ReportProjectionContractTests
{
    protected override TestProvider Provider => TestProvider.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresReportProjectionTests : ReportProjectionContractTests
{
    protected override TestProvider Provider => TestProvider.Postgres;
}
