using MemberCard.Abstractions.Members;

namespace MemberCard.Grains.Members;

/// <summary>
/// The member's side of sign-in (docs/security.md, "Member self-service"): the code leaves sealed under the member's
/// data key through the outbox, like the phone-change code; member tokens carry <see cref="MemberState.SessionStamp"/>,
/// which a phone change or an erasure renews.
/// </summary>
public sealed partial class MemberGrain : IMemberSessionGrain
{
    public async Task<bool> SendSignInCodeAsync(SendSignInCode command)
    {
        if (!StateExists || State.Erased) return false;
        var profile = await ProfileAsync();
        if (profile.Phone is not { } phone) return false;
        var sealedState = await SealAsync(State, profile);
        var now = Clock.GetUtcNow();
        var minutes = Math.Max(1, (int)Math.Round((command.ExpiresAt - now).TotalMinutes));
        var message = SealMessage(sealedState.Key, new PhoneMessage(phone,
            $"Your sign-in code is {command.Code}. It holds for {minutes} minutes. Never tell it to anyone, staff included."));
        await CommitAsync(sealedState.State, w =>
        {
            sealedState.ClaimKey(w);
            w.Publish("member.sign_in_code", new PhoneCodeSent(Key, message, now));
        });
        Remember(sealedState);
        return true;
    }

    public Task<MemberSession?> GetSessionAsync() =>
        Task.FromResult(StateExists && !State.Erased ? new MemberSession(Key, State.SessionStamp ?? "") : null);
}
