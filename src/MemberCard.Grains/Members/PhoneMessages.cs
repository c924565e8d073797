using System.Text.Json;
using MemberCard.Grains.Privacy;
using GrainId = MemberCard.Runtime.GrainId;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Members;

/// <summary>
/// Opens a <see cref="PhoneMessage"/> sealed under a member's data key, for the notification dispatcher at send time:
/// reads the member's key row through storage (no grain call) and unwraps it with the master key. Null when the
/// member or its key is gone (erased): nobody can read the message any more.
/// </summary>
public sealed class PhoneMessages(IGrainStorage storage, PersonalDataCipher cipher)
{
    /// <summary>The message, or null when the member's data key no longer exists.</summary>
    public async Task<PhoneMessage?> OpenAsync(string memberId, string sealedMessage, CancellationToken cancellationToken = default)
    {
        // Twice at most: a re-wrap (key rotation) between reading the state and its key row deletes the row it named.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var state = await storage.ReadStateAsync(new GrainId("member", memberId), cancellationToken).ConfigureAwait(false);
            var member = state is null ? null : JsonSerializer.Deserialize(state.Json, GrainJsonContext.Default.MemberState);
            if (member is null || member.Erased || member.DataKey is not { } name) return null;
            var stored = await storage.ReadClaimAsync(new ClaimKey(PersonalSealing.KeyScope, name), cancellationToken).ConfigureAwait(false);
            if (stored is null) continue;
            var key = PersonalSealing.UnwrapKey(cipher, stored.Value, memberId);
            return JsonSerializer.Deserialize(PersonalSealing.OpenText(key, sealedMessage, memberId, PhoneMessage.Purpose), GrainJsonContext.Default.PhoneMessage);
        }
        return null;
    }
}
