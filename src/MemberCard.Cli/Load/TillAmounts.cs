namespace MemberCard.Cli.Load;

/// <summary>
/// The amounts a till sends. Chosen so that most requests succeed: top-ups (no bonus below 10000) slightly outpace
/// purchases at the default mix, keeping balances alive yet far below the 500000 cap. A card that many tills share
/// (<c>--hot-cards</c>) moves thousands of times a second, so it is steered: above <see cref="HighBalance"/> purchases
/// are larger than any top-up, below <see cref="LowBalance"/> top-ups are larger than any purchase. Its balance then
/// stays between the two and its requests keep being writes, not refusals at the cap or for lack of balance.
/// </summary>
internal static class TillAmounts
{
    public const long HighBalance = 250_000;
    public const long LowBalance = 20_000;

    private const int MinTopUp = 1_000;
    private const int MaxTopUp = 5_000;
    private const int MinPurchase = 100;
    private const int MaxPurchase = 3_000;

    // Steered ranges: still below the 10000 top-up bonus step, and far from the cap or from zero.
    private const int MinSteeredAmount = 5_000;
    private const int MaxSteeredAmount = 9_000;

    /// <summary>A top-up amount for a card whose acknowledged balance is <paramref name="balance"/>.</summary>
    public static int TopUp(Random random, long balance) => balance < LowBalance
        ? random.Next(MinSteeredAmount, MaxSteeredAmount + 1)
        : random.Next(MinTopUp, MaxTopUp + 1);

    /// <summary>A purchase amount for a card whose acknowledged balance is <paramref name="balance"/>.</summary>
    public static int Purchase(Random random, long balance) => balance > HighBalance
        ? random.Next(MinSteeredAmount, MaxSteeredAmount + 1)
        : random.Next(MinPurchase, MaxPurchase + 1);
}
