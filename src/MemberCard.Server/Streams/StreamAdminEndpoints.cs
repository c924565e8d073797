using MemberCard.Abstractions;
using MemberCard.Runtime.Streams;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Audit;
using MemberCard.Server.Cards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Streams;

/// <summary>One queue as the admin API shows it.</summary>
public sealed record StreamQueueItem(int Queue, string? Owner, long Epoch, DateTimeOffset? LeaseUntil, string Checkpoint, long Pending);

/// <summary>Queues with their lag.</summary>
public sealed record StreamQueuesResponse(long TotalPending, long DeadLetters, IReadOnlyList<StreamQueueItem> Queues);

/// <summary>One dead letter as the admin API shows it.</summary>
public sealed record DeadLetterItem(
    long Id, string Consumer, int Queue, string Stream, long Version, int Index, string Kind, string Payload, int Attempts, string Error,
    DateTimeOffset FailedAt, bool ReplayRequested);

/// <summary>/api/v1/admin/streams (admin): queue lag, dead letters and their replay.</summary>
public static class StreamAdminEndpoints
{
    public static void MapStreamAdminEndpoints(this RouteGroupBuilder api)
    {
        var streams = api.MapGroup("/admin/streams").WithTags("Streams").RequireAuthorization(Caller.AdminPolicy);
        streams.MapGet("/", ListQueues).WithName(nameof(ListQueues)).WithSummary("Every stream queue: owner, checkpoint and events not yet delivered (admin)")
            .WithDescription("Each queue's owner silo, lease, checkpoint and pending events, with the totals.");
        streams.MapGet("/dead-letters", ListDeadLetters).WithName(nameof(ListDeadLetters))
            .WithSummary("Events consumers could not apply, oldest first (admin)")
            .WithDescription("Page with `limit` and `cursor`.")
            .CanFail(ErrorCodes.ValidationFailed);
        streams.MapPost("/dead-letters/{deadLetterId}/replay", ReplayDeadLetter).WithName(nameof(ReplayDeadLetter))
            .WithSummary("Delivers a dead letter again, with the later dead letters of its stream, in order (admin)")
            .WithDescription("Asks for the replay and answers 202; the consumer delivers it on its next pass.")
            .CanFail(ErrorCodes.NotFound);
    }

    internal static async Task<Ok<StreamQueuesResponse>> ListQueues(StreamLag lag, IStreamQueueStore store, CancellationToken cancellationToken)
    {
        var queues = await lag.ReadAsync(cancellationToken);
        var deadLetters = 0L;
        for (var after = 0L; ;)
        {
            var page = await store.ReadDeadLettersAsync(after, 1000, cancellationToken: cancellationToken);
            deadLetters += page.Count;
            if (page.Count < 1000) break;
            after = page[^1].Id;
        }
        return TypedResults.Ok(new StreamQueuesResponse(queues.Sum(q => q.Pending), deadLetters, [.. queues.Select(q =>
            new StreamQueueItem(q.Queue.Queue, q.Queue.Owner, q.Queue.Epoch, q.Queue.LeaseUntil, q.Queue.Checkpoint.ToString(), q.Pending))]));
    }

    internal static async Task<Ok<ListResponse<DeadLetterItem>>> ListDeadLetters(int? limit, string? cursor, IStreamQueueStore store, CancellationToken cancellationToken)
    {
        var size = Cursors.Limit(limit);
        var after = Cursors.DecodeId('d', cursor) ?? 0;
        var page = await store.ReadDeadLettersAsync(after, size, cancellationToken: cancellationToken);
        var items = page.Select(l => new DeadLetterItem(l.Id, l.Consumer, l.Queue, l.Event.Stream, l.Event.Sequence.Version, l.Event.Sequence.Index,
            l.Event.Kind, l.Event.Json, l.Attempts, l.Error, l.FailedAt, l.ReplayRequested)).ToList();
        return TypedResults.Ok(new ListResponse<DeadLetterItem>(items, page.Count == size ? Cursors.EncodeId('d', page[^1].Id) : null));
    }

    [Audited("streams.dead_letter.replay")]
    internal static async Task<Accepted> ReplayDeadLetter(
        string deadLetterId, HttpContext context, IStreamQueueStore store, IAuditTrailWriter audit, CancellationToken cancellationToken)
    {
        if (!long.TryParse(deadLetterId, out var id) || !await store.RequestReplayAsync(id, cancellationToken))
            throw new DomainException(ErrorCodes.NotFound, $"No dead letter {deadLetterId}.");
        await audit.RecordAsync(Caller.Actor(context), $"dead-letter:{id}", cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}
