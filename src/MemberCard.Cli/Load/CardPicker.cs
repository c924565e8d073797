namespace MemberCard.Cli.Load;

/// <summary>
/// Which card a till's next request goes to: any seeded card at random, one of the first <c>--hot-cards</c> at random
/// (every till on the same few cards), or always the same one (a burst: one card per request).
/// </summary>
internal sealed class CardPicker
{
    private readonly int _first;
    private readonly int _count;

    private CardPicker(int first, int count)
    {
        _first = first;
        _count = count;
    }

    /// <summary>Any of the first <paramref name="count"/> cards, at random.</summary>
    public static CardPicker Among(int count) =>
        count > 0 ? new CardPicker(0, count) : throw new ArgumentOutOfRangeException(nameof(count), "There must be a card to pick.");

    /// <summary>Always card <paramref name="index"/>.</summary>
    public static CardPicker Only(int index) =>
        index >= 0 ? new CardPicker(index, 1) : throw new ArgumentOutOfRangeException(nameof(index));

    public int Next(Random random) => _count == 1 ? _first : _first + random.Next(_count);
}
