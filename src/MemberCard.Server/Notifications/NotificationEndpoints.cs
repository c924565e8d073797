using System.ComponentModel.DataAnnotations;
using MemberCard.Abstractions;
using MemberCard.Runtime.Streams;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.Errors;
using MemberCard.Server.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using static MemberCard.Runtime.Streams.ProjectionSql;

namespace MemberCard.Server.Notifications;

/// <summary>One stored notification as the admin API shows it.</summary>
public sealed record NotificationItem(string Id, string MemberId, string Template, string Text, DateTimeOffset CreatedAt, string Status, int Attempts);

/// <summary>A member's notifications, newest first.</summary>
public sealed record NotificationsResponse(IReadOnlyList<NotificationItem> Items);

/// <summary>/api/v1/notifications (admin): the messages sent (or stored) for a member, with their delivery state.</summary>
public static class NotificationEndpoints
{
    private const int Limit = 100;

    public static void MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        var notifications = api.MapGroup("/notifications").WithTags("Notifications").RequireAuthorization(Caller.AdminPolicy);
        notifications.MapGet("/", ListNotifications).WithName(nameof(ListNotifications))
            .WithSummary("A member's latest 100 notifications with their delivery state (admin)")
            .WithDescription("The messages stored for `memberId` (required), newest first, with their delivery status and attempts.")
            .CanFail(ErrorCodes.ValidationFailed);
    }

    internal static async Task<Ok<NotificationsResponse>> ListNotifications([Required] string? memberId, IProjectionDatabase database, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(memberId))
            throw new RequestValidationException(new Dictionary<string, string[]> { ["memberId"] = ["memberId is required."] });
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT id, member_id, template, body, created_at, status, attempts FROM notifications
            WHERE member_id = @member ORDER BY created_at DESC, id DESC LIMIT @limit
            """, ("member", memberId), ("limit", (long)Limit));
        var items = new List<NotificationItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new NotificationItem(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                database.ReadTimestamp(reader, 4), reader.GetString(5), reader.GetInt32(6)));
        }
        return TypedResults.Ok(new NotificationsResponse(items));
    }
}
