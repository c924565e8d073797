using MemberCard.Abstractions;
using MemberCard.Abstractions.Members;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Members;

public sealed partial class MemberGrain
{
    public async Task<MemberView> UpdateProfileAsync(UpdateProfile command)
    {
        RequireMember();
        var next = State with
        {
            Name = command.Name ?? State.Name,
            Birthday = command.Birthday ?? State.Birthday,
            Email = command.Email ?? State.Email,
        };
        ClaimKey? newClaim = null;
        if (command.Phone is { } phone)
        {
            var claim = phones.ClaimFor(phone);
            if (claim.Key != State.PhoneClaim)
            {
                newClaim = claim;
                next = next with { PhoneCipher = cipher.Encrypt(phone, Key), PhoneMask = PhoneIndex.Mask(phone), PhoneClaim = claim.Key };
            }
        }
        var changed = new List<string>();
        if (next.Name != State.Name) changed.Add("name");
        if (next.Birthday != State.Birthday) changed.Add("birthday");
        if (next.Email != State.Email) changed.Add("email");
        if (newClaim is not null) changed.Add("phone");
        try
        {
            // The new phone's claim and the release of the old one commit with the profile: lookups by either
            // phone are right before and after, never half-way.
            await CommitAsync(next, w =>
            {
                if (newClaim is { } c)
                {
                    w.Claim(c, Key);
                    if (State.PhoneClaim is { } old) w.Release(new ClaimKey(PhoneIndex.Scope, old));
                }
                if (changed.Count > 0) w.Publish("member.profile_updated", new MemberProfileUpdated(Key, changed, Clock.GetUtcNow()));
                Audit(w, command.Actor);
            });
        }
        catch (ClaimConflictException)
        {
            throw new DomainException(ErrorCodes.MemberExists, "Another member is registered with this phone.");
        }
        return ToView(State);
    }

    public async Task<MemberView> SetTagsAsync(SetTags command)
    {
        RequireMember();
        await CommitAsync(State with { Tags = command.Tags }, w =>
        {
            w.Publish("member.tags_changed", new MemberTagsChanged(Key, command.Tags, Clock.GetUtcNow()));
            Audit(w, command.Actor);
        });
        return ToView(State);
    }

    public Task<IReadOnlyList<string>> ListCardsAsync()
    {
        RequireMember();
        return Task.FromResult(State.Cards);
    }

    public async Task AttachCardAsync(string cardNo)
    {
        if (!StateExists || State.Cards.Contains(cardNo)) return;
        await CommitAsync(State with { Cards = [.. State.Cards, cardNo] });
    }
}

/// <summary>Outbox event of a profile change: which fields changed (never their values).</summary>
public sealed record MemberProfileUpdated(string MemberId, IReadOnlyList<string> Fields, DateTimeOffset At);

/// <summary>Outbox event of a tag change.</summary>
public sealed record MemberTagsChanged(string MemberId, IReadOnlyList<string> Tags, DateTimeOffset At);
