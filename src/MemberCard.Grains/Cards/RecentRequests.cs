using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Cards;

/// <summary>
/// The last few requests a card activation committed, so a retry that arrives while the activation lives
/// is answered without touching the database. Storage claims stay the source of truth.
/// </summary>
internal sealed class RecentRequests(int capacity)
{
    private readonly Dictionary<ClaimKey, RequestRecord> _records = [];
    private readonly Queue<ClaimKey> _order = new();

    public RequestRecord? Find(ClaimKey key) => _records.GetValueOrDefault(key);

    public void Remember(ClaimKey key, RequestRecord record)
    {
        if (!_records.TryAdd(key, record)) return;
        _order.Enqueue(key);
        if (_order.Count > capacity) _records.Remove(_order.Dequeue());
    }
}
