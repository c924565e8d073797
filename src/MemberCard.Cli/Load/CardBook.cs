namespace MemberCard.Cli.Load;

/// <summary>
/// The seeded cards of one target, and for each the balance this tool expects from the answers it
/// was given: the seeding top-up plus every acknowledged top-up, purchase and refund. A card whose
/// request failed without an answer (5xx, transport) has an unknown effect and drops out of that check.
/// </summary>
internal sealed class CardBook
{
    private readonly SeededCard[] _cards;
    private readonly long[] _acknowledgedBalance;
    private readonly bool[] _uncertain;

    public CardBook(SeededCard[] cards, long[] seededBalances)
    {
        _cards = cards;
        _acknowledgedBalance = seededBalances;
        _uncertain = new bool[cards.Length];
    }

    public int Count => _cards.Length;

    public SeededCard this[int index] => _cards[index];

    public void Acknowledge(int index, long balanceDelta) => Interlocked.Add(ref _acknowledgedBalance[index], balanceDelta);

    public void MarkUncertain(int index) => Volatile.Write(ref _uncertain[index], true);

    /// <summary>What the acknowledged answers add up to so far, even on an uncertain card: to steer amounts, not to check.</summary>
    public long AcknowledgedBalance(int index) => Interlocked.Read(ref _acknowledgedBalance[index]);

    /// <summary>The balance the acknowledged answers add up to, or null when a failed request may have moved it.</summary>
    public long? ExpectedBalance(int index) =>
        Volatile.Read(ref _uncertain[index]) ? null : Interlocked.Read(ref _acknowledgedBalance[index]);
}
