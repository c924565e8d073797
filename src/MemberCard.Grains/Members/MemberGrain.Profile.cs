using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Abstractions.Members;

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
            IdNumber = NewIdNumber(command) ?? current.IdNumber,
        };
        string? newPhone = null;
        if (command.Phone is { } phone && phones.ClaimFor(phone).Key != State.PhoneClaim)
        {
            if (command.Actor?.Role is not (Roles.Admin or Roles.StoreManager))
                throw new DomainException(ErrorCodes.PhoneCodeRequired,
                    "A till changes a phone with the code sent to the new phone (POST /api/v1/members/{memberId}/phone-change); a manager can change it with a reason.");
            if (string.IsNullOrWhiteSpace(command.Reason))
                throw DomainException.Invalid("reason", "A manager's phone change needs a reason.");
            newPhone = phone;
        }
        return await ApplyProfileAsync(current, profile, newPhone, PhoneChangeWays.Manager, command.Reason, command.Actor);
    }

    public async Task<MemberView> SetTagsAsync(SetTags command)
    {
        RequireMember();
        await ProfileAsync(); // read before the commit: the answer after it then needs no storage read that could fail
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
