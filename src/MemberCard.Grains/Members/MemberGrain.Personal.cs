using System.Security.Cryptography;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Members;

/// <summary>
/// The member's personal fields under the member's own data key (docs/security.md, "Personal data"): opened when a
/// call needs them and kept in the activation's memory only; sealed again with every change. <c>GetAsync</c> is
/// <c>[ReadOnly]</c> and may run beside the other read-only calls: two first reads fill these caches with the same
/// values from the same committed state. No call here may become reentrant or <c>[AlwaysInterleave]</c>.
/// </summary>
public sealed partial class MemberGrain
{
    private PersonalProfile? _profile;
    private byte[]? _dataKey;

    /// <summary>The profile in clear: opened once per activation.</summary>
    private async ValueTask<PersonalProfile> ProfileAsync()
    {
        if (_profile is not null) return _profile;
        var s = State;
        if (s.Erased) return PersonalProfile.None;
        _profile = s.Personal is { } sealedProfile
            ? PersonalSealing.Open(await DataKeyAsync(), sealedProfile, Key)
            : new PersonalProfile(s.PhoneCipher is null ? null : cipher.Decrypt(s.PhoneCipher, Key), s.Name, s.Birthday, s.Email);
        return _profile;
    }

    private async ValueTask<byte[]> DataKeyAsync() =>
        _dataKey ??= PersonalSealing.UnwrapKey(cipher, await StoredKeyAsync(), Key);

    /// <summary>The value of this member's key claim: its data key, wrapped by a master key.</summary>
    private async Task<string> StoredKeyAsync()
    {
        var stored = State.DataKey is { } name ? await ReadClaimAsync(new ClaimKey(PersonalSealing.KeyScope, name)) : null;
        return stored?.Value ?? throw new CryptographicException($"The data key of member {Key} is missing; its personal fields cannot be read.");
    }

    /// <summary>
    /// <paramref name="s"/> with <paramref name="profile"/> sealed in it. A member without a data key of its own (a
    /// new one, or a state from before per-member keys) gets one, which the write must claim (<see cref="Sealed.ClaimKey"/>).
    /// </summary>
    private async ValueTask<Sealed> SealAsync(MemberState s, PersonalProfile profile)
    {
        var fresh = s.DataKey is null ? PersonalSealing.NewKey(cipher, Key) : null;
        var key = fresh?.Key ?? await DataKeyAsync();
        var next = s with
        {
            Personal = PersonalSealing.Seal(key, profile, Key),
            DataKey = fresh?.ClaimName ?? s.DataKey,
            BirthMonth = profile.Birthday?.Month,
            BirthDayOfMonth = profile.Birthday?.Day,
            PhoneCipher = null, PhoneMask = null, Name = null, Birthday = null, Email = null,
        };
        return new Sealed(next, profile, key, fresh);
    }

    /// <summary>After the write of <paramref name="sealedState"/> committed: its profile and key are the activation's.</summary>
    private void Remember(Sealed sealedState)
    {
        _profile = sealedState.Profile;
        _dataKey = sealedState.Key;
    }

    /// <summary>A state with its profile sealed, the data key that sealed it, and that key's claim if the write must take it.</summary>
    private sealed record Sealed(MemberState State, PersonalProfile Profile, byte[] Key, NewDataKey? NewKey)
    {
        public void ClaimKey(GrainWriteBuilder write)
        {
            if (NewKey is { } k) write.Claim(new ClaimKey(PersonalSealing.KeyScope, k.ClaimName), k.Wrapped);
        }
    }
}
