using MemberCard.Abstractions;
using MemberCard.Abstractions.Members;
using MemberCard.Runtime.Storage;

namespace MemberCard.Grains.Members;

public sealed partial class MemberGrain
{
    public async Task<MemberView> UpdateProfileAsync(UpdateProfile command)
    {
        RequireMember();
        var current = await ProfileAsync();
        var profile = current with
        {
            Name = command.Name ?? current.Name,
            Birthday = command.Birthday ?? current.Birthday,
            Email = command.Email ?? current.Email,
        };
        ClaimKey? newClaim = null;
        if (command.Phone is { } phone)
        {
            var claim = phones.ClaimFor(phone);
            if (claim.Key != State.PhoneClaim)
            {
                newClaim = claim;
                profile = profile with { Phone = phone };
            }
        }
        var changed = new List<string>();
        if (profile.Name != current.Name) changed.Add("name");
        if (profile.Birthday != current.Birthday) changed.Add("birthday");
        if (profile.Email != current.Email) changed.Add("email");
        if (newClaim is not null) changed.Add("phone");
        var sealedState = await SealAsync(State with { PhoneClaim = newClaim?.Key ?? State.PhoneClaim }, profile);
        try
        {
            // The new phone's claim and the release of the old one commit with the profile: lookups by either
            // phone are right before and after, never half-way.
            await CommitAsync(sealedState.State, w =>
            {
                sealedState.ClaimKey(w);
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
        Remember(sealedState);
        return await ViewAsync();
    }

    public async Task<MemberView> SetTagsAsync(SetTags command)
    {
        RequireMember();
        await CommitAsync(State with { Tags = command.Tags }, w =>
        {
            w.Publish("member.tags_changed", new MemberTagsChanged(Key, command.Tags, Clock.GetUtcNow()));
            Audit(w, command.Actor);
        });
        return await ViewAsync();
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
