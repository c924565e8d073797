namespace MemberCard.Cli.Load;

/// <summary>
/// A till's recent successful purchases that still have something to refund. Small and bounded:
/// when full, a new purchase replaces a random old one, as tills refund mostly recent orders.
/// </summary>
internal sealed class PurchaseHistory(int capacity = 32)
{
    private readonly RefundablePurchase[] _items = new RefundablePurchase[capacity];

    public int Count { get; private set; }

    public void Add(RefundablePurchase purchase, Random random)
    {
        if (Count < _items.Length) _items[Count++] = purchase;
        else _items[random.Next(_items.Length)] = purchase;
    }

    public int PickIndex(Random random) => random.Next(Count);

    public RefundablePurchase this[int index] => _items[index];

    /// <summary>Takes a refunded amount off; a purchase with nothing left goes.</summary>
    public void Refunded(int index, long amount)
    {
        var left = _items[index].Remaining - amount;
        if (left > 0) _items[index] = _items[index] with { Remaining = left };
        else Remove(index);
    }

    public void Remove(int index)
    {
        _items[index] = _items[--Count];
        _items[Count] = default;
    }
}

/// <summary>A purchase a till made: on which card, which order at which store, and what is left to refund.</summary>
internal readonly record struct RefundablePurchase(int CardIndex, string OrderNo, string StoreId, long Remaining);
