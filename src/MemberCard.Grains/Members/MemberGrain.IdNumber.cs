using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Members;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Members;

/// <summary>
/// Resident ID numbers (docs/security.md, "ID numbers"): the number is a field of the sealed profile; beside it the
/// state keeps only its blind-index claim, taken in the write that sets the number and released in the write that
/// changes it or erases the member. Any till sets a first number (named prepaid cards are sold at tills); replacing
/// one is a manager's change with a reason, written to the member's ID-number ledger (who and why, never the number).
/// </summary>
public sealed partial class MemberGrain
{
    private const string IdNumberLedger = "id_number_changed";

    /// <summary>The ID number <paramref name="command"/> sets, or null when it sends none or the member's own.</summary>
    private string? NewIdNumber(UpdateProfile command)
    {
        if (command.IdNumber is not { } number || idNumbers.ClaimFor(number).Key == State.IdNumberClaim) return null;
        if (State.IdNumberClaim is null) return number;
        if (command.Actor?.Role is not (Roles.Admin or Roles.StoreManager))
            throw new DomainException(ErrorCodes.Forbidden, "Only a manager (admin or store manager) changes a member's ID number, with a reason.");
        if (string.IsNullOrWhiteSpace(command.Reason))
            throw DomainException.Invalid("reason", "A manager's ID number change needs a reason.");
        return number;
    }

    /// <summary>The blind-index claim key of <paramref name="idNumber"/>, or null for none.</summary>
    private string? IdNumberClaimOf(string? idNumber) => idNumber is null ? null : idNumbers.ClaimFor(idNumber).Key;

    /// <summary>
    /// In <paramref name="write"/>: the claim of the number <paramref name="after"/> names and the release of the one
    /// <paramref name="before"/> named, when they differ; a change of an existing number also goes to the ledger.
    /// </summary>
    private void MoveIdNumberClaim(GrainWriteBuilder write, MemberState before, MemberState after, string? reason, AuditActor? actor)
    {
        if (after.IdNumberClaim == before.IdNumberClaim) return;
        if (after.IdNumberClaim is { } taken) write.Claim(new ClaimKey(IdNumberIndex.Scope, taken), Key);
        if (before.IdNumberClaim is not { } old) return;
        write.Release(new ClaimKey(IdNumberIndex.Scope, old));
        write.Journal(IdNumberLedger, new IdNumberChanged(Key, reason, actor?.Id, actor?.Role, actor?.StoreId, Clock.GetUtcNow()));
    }

    /// <summary>Whether a refused write conflicted on the ID number alone (a phone conflict is reported as such first).</summary>
    private static bool IsIdNumberConflict(ClaimConflictException conflict) =>
        conflict.Conflicts.Any(c => c.Scope == IdNumberIndex.Scope) && !conflict.Conflicts.Any(c => c.Scope == PhoneIndex.Scope);

    private static DomainException IdNumberTaken() => new(ErrorCodes.IdNumberTaken, "Another member holds this ID number.");
}

/// <summary>A change of a member's ID number (an entry of the member's ID-number ledger): why and by whom, never the numbers.</summary>
public sealed record IdNumberChanged(string MemberId, string? Reason, string? By, string? Role, string? StoreId, DateTimeOffset At);
