using MemberCard.Grains.Cards;
using MemberCard.Runtime.Storage;

namespace MemberCard.Server.Cards;

/// <summary>
/// Which card a dynamic member code names (docs/security.md, "Member self-service"): its alias's claim, one storage read.
/// Only the shape is checked here; the card grain checks the code itself. Card numbers are 16 digits, so an 18-digit
/// number that starts with 9 is always a member code.
/// </summary>
public sealed class MemberCodeCards(IGrainStorage storage)
{
    /// <summary>The card number <paramref name="cardNoOrCode"/> names, and the member code if it is one.</summary>
    public async ValueTask<(string CardNo, string? MemberCode)> ResolveAsync(string cardNoOrCode)
    {
        if (!MemberCodes.TryParse(cardNoOrCode, out var alias)) return (cardNoOrCode, null);
        var claim = await storage.ReadClaimAsync(MemberCodes.ClaimFor(alias));
        return claim is null ? throw MemberCodes.Invalid() : (claim.Owner.Key, cardNoOrCode);
    }
}
