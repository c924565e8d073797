using System.Globalization;
using System.Text.Json;
using MemberCard.Abstractions.Cards;
using MemberCard.Benchmarks.Serialization;
using MemberCard.Grains;
using MemberCard.Grains.Cards;
using MemberCard.Runtime;
using MemberCard.Runtime.Storage;

namespace MemberCard.Benchmarks.Storage;

/// <summary>
/// The writes a card grain makes for a run of purchases: each one the next version of the same card, with its
/// state, one ledger entry, one outbox event and one idempotency claim under a key never used before. Payloads
/// are serialized once up front, so only the storage is measured.
/// </summary>
public sealed class CardWriteStream
{
    private static readonly string TransactionJson =
        JsonSerializer.Serialize(PosMessages.SamplePurchase, GrainJsonContext.Default.CardTransaction);

    private static readonly string StateJson = JsonSerializer.Serialize(
        new CardState("mem_01JDZH2A3B4C5D6E7F8G9H0J1K", "active", 38_680, 2_913, "gold", PosMessages.SamplePurchase.CreatedAt),
        GrainJsonContext.Default.CardState);

    private static readonly string ClaimJson = JsonSerializer.Serialize(
        new RequestRecord(new string('f', 64), PosMessages.SamplePurchase.CardNo, PosMessages.SamplePurchase),
        GrainJsonContext.Default.RequestRecord);

    private readonly IGrainStorage _storage;
    private readonly string _claimScope;
    private long _version;
    private long _claims;

    /// <summary>Starts a stream on a card nobody wrote before (a fresh key per run, so runs never collide).</summary>
    public CardWriteStream(IGrainStorage storage)
    {
        var run = Guid.NewGuid().ToString("N");
        _storage = storage;
        Grain = new GrainId("card", $"bench-{run}");
        _claimScope = $"idem:bench-{run}";
    }

    /// <summary>The card being written.</summary>
    public GrainId Grain { get; }

    /// <summary>Sizes of the payloads, for the results page.</summary>
    public static string PayloadSizes =>
        $"state {StateJson.Length} B, journal entry {TransactionJson.Length} B, event {TransactionJson.Length} B, claim {ClaimJson.Length} B";

    /// <summary>Commits the card's next version and returns it.</summary>
    public async Task<long> WriteNextAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var claim = new ClaimKey(_claimScope, (++_claims).ToString(CultureInfo.InvariantCulture));
        var write = new GrainWrite(Grain, _version, StateJson, now)
        {
            Journal = [new JournalAppend(TransactionTypes.Purchase, "store_01/PO-bench", TransactionJson)],
            Events = [new OutboxAppend("card.purchase", TransactionJson)],
            Claims = [new ClaimInsert(claim, ClaimJson, now.AddHours(48))],
        };
        _version = await _storage.WriteAsync(write);
        return _version;
    }
}
