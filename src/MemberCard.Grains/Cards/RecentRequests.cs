using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Cards;

/// <summary>
/// The last few requests a card activation committed, so a retry that arrives while the activation lives
/// is answered without touching the database. Storage claims stay the source of truth. While a batch stages, what it
/// remembers is kept apart and found first, then kept (the batch committed) or forgotten (it did not).
/// </summary>
internal sealed class RecentRequests(int capacity)
{
    private readonly Dictionary<ClaimKey, RequestRecord> _records = [];
    private readonly Queue<ClaimKey> _order = new();
    private List<(ClaimKey Key, RequestRecord Record)>? _staged;

    public RequestRecord? Find(ClaimKey key) =>
        _staged?.Find(s => s.Key == key).Record ?? _records.GetValueOrDefault(key);

    public void BeginStaging() => _staged = [];

    public void KeepStaged()
    {
        var staged = _staged ?? [];
        _staged = null;
        foreach (var (key, record) in staged) Remember(key, record);
    }

    public void DiscardStaged() => _staged = null;

    public void Remember(ClaimKey key, RequestRecord record)
    {
        if (_staged is { } staged)
        {
            staged.Add((key, record));
            return;
        }
        if (!_records.TryAdd(key, record)) return;
        _order.Enqueue(key);
        if (_order.Count > capacity) _records.Remove(_order.Dequeue());
    }
}
