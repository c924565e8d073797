using MemberCard.Abstractions;
using MemberCard.Abstractions.Members;
using MemberCard.Grains.Members;
using MemberCard.Runtime.Storage;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Privacy;

/// <summary>One batch of re-encryption: members visited, members re-encrypted, and where the next batch starts (null: done).</summary>
public sealed record ReencryptResponse(int Visited, int Reencrypted, string? NextCursor);

/// <summary>/api/v1/admin/personal-data (admin): key rotation.</summary>
public static class PersonalDataEndpoints
{
    public static void MapPersonalDataEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/admin/personal-data/re-encrypt", Reencrypt).WithTags("Privacy").WithName(nameof(Reencrypt))
            .WithSummary("Re-encrypt a batch of members under the current key (admin); repeat with nextCursor until it is null")
            .WithDescription("Visits `limit` members from `cursor` and re-encrypts those whose personal data is under an older key.")
            .RequireAuthorization(Caller.AdminPolicy).CanFail(ErrorCodes.ValidationFailed);
    }

    [Audited("personal_data.re_encrypt")]
    internal static async Task<Ok<ReencryptResponse>> Reencrypt(
        int? limit, string? cursor, HttpContext context, IGrainFactory grains, IGrainStorage storage, IAuditTrailWriter audit)
    {
        var size = Cursors.Limit(limit);
        var before = Cursors.DecodeId('m', cursor);
        var members = await storage.ReadLogAsync(MemberGrain.DirectoryLog, new LogQuery(size, before), context.RequestAborted);
        var reencrypted = 0;
        foreach (var entry in members)
        {
            if (await grains.GetGrain<IMemberGrain>(entry.Grain.Key).ReencryptAsync()) reencrypted++;
        }
        // This mutation spans many grains, none of which is "the" change, so its entry goes through the audit grain.
        await audit.RecordAsync(Caller.Actor(context), $"{members.Count} members", context.RequestAborted);
        var next = members.Count == size ? Cursors.EncodeId('m', members[^1].Id) : null;
        return TypedResults.Ok(new ReencryptResponse(members.Count, reencrypted, next));
    }


}
