using System.Globalization;
using System.Text;
using System.Text.Json;
using MemberCard.Abstractions;
using MemberCard.Abstractions.Access;
using MemberCard.Runtime.Storage;
using MemberCard.Server.Api;
using MemberCard.Server.Api.Auth;
using MemberCard.Server.Api.OpenApi;
using MemberCard.Server.Api.Requests;
using MemberCard.Server.Cards;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MemberCard.Server.Audit;

/// <summary>One audit entry as the API shows it.</summary>
public sealed record AuditItem(
    string EntryId, DateTime At, string Actor, string Role, string? StoreId, string Action, string Target, string Result, int? Status, string? TraceId);

/// <summary>/api/v1/audit (admin): the audit trail, newest first, and its CSV export.</summary>
public static class AuditEndpoints
{
    // A filtered page stops after this many entries read, so a rare filter cannot make one request scan everything;
    // the cursor then continues where the scan stopped.
    private const int MaxScannedPerPage = 5000;

    // Log ids follow commit order, which may trail an entry's time a little (group commit, several silos), so a scan
    // past `from` goes on this much further before it stops.
    internal static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static void MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Caller.AdminPolicy);
        audit.MapGet("/", ListAudit).WithName(nameof(ListAudit)).WithSummary("The audit trail, newest first (admin)")
            .WithDescription($"Changes and refusals, filtered by `actor`, `action`, `storeId` and time (`from` inclusive, `to` exclusive: "
                + $"ISO 8601 instants, e.g. 2026-01-01T00:00:00Z; an offset-less value is UTC; any range). A filtered page stops after scanning "
                + $"{MaxScannedPerPage} entries, so it may hold fewer than `limit` items while `nextCursor` is not null.")
            .CanFail(ErrorCodes.ValidationFailed);
        audit.MapGet("/export", ExportAudit).WithName(nameof(ExportAudit)).WithSummary("The whole audit trail as CSV, newest first (admin)")
            .WithDescription("A CSV attachment, streamed: entryId,at,actor,role,storeId,action,target,result,status,traceId; "
                + "`from` (inclusive) and `to` (exclusive) limit it to a time range as on the list.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .CanFail(ErrorCodes.ValidationFailed);
    }

    internal static async Task<Ok<ListResponse<AuditItem>>> ListAudit(
        int? limit, string? cursor, string? actor, string? action, string? storeId, string? from, string? to, IGrainStorage storage,
        CancellationToken cancellationToken)
    {
        var range = AuditRange.Parse(from, to);
        var size = Cursors.Limit(limit);
        var before = Cursors.DecodeId('a', cursor);
        var items = new List<AuditItem>(size);
        var scanned = 0;
        var position = before;
        while (items.Count < size && scanned < MaxScannedPerPage)
        {
            var want = Math.Min(200, MaxScannedPerPage - scanned);
            var page = await storage.ReadLogAsync(AuditLog.Name, new LogQuery(want, position), cancellationToken);
            foreach (var entry in page)
            {
                scanned++;
                position = entry.Id;
                var item = ToItem(entry);
                if (range.IsPast(item.At))
                {
                    position = null;
                    break;
                }
                if ((actor is null || item.Actor == actor) && (action is null || item.Action == action) && (storeId is null || item.StoreId == storeId)
                    && range.Contains(item.At))
                    items.Add(item);
                if (items.Count == size) break;
            }
            if (position is null) break;
            if (items.Count < size && page.Count < want)
            {
                position = null;
                break;
            }
        }
        return TypedResults.Ok(new ListResponse<AuditItem>(items, position is { } p ? Cursors.EncodeId('a', p) : null));
    }

    internal static async Task ExportAudit(string? from, string? to, HttpContext context, IGrainStorage storage, CancellationToken cancellationToken)
    {
        var range = AuditRange.Parse(from, to);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"audit.csv\"";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteLineAsync("entryId,at,actor,role,storeId,action,target,result,status,traceId");
        long? before = null;
        while (true)
        {
            var page = await storage.ReadLogAsync(AuditLog.Name, new LogQuery(500, before), cancellationToken);
            var past = false;
            foreach (var entry in page)
            {
                var i = ToItem(entry);
                if (range.IsPast(i.At))
                {
                    past = true;
                    break;
                }
                if (!range.Contains(i.At)) continue;
                await writer.WriteLineAsync(string.Join(',',
                    Cell(i.EntryId), Cell(i.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)), Cell(i.Actor), Cell(i.Role),
                    Cell(i.StoreId), Cell(i.Action), Cell(i.Target), Cell(i.Result), Cell(i.Status?.ToString(CultureInfo.InvariantCulture)), Cell(i.TraceId)));
            }
            // Streamed page by page: the trail may be far larger than memory.
            await writer.FlushAsync(cancellationToken);
            if (past || page.Count < 500) break;
            before = page[^1].Id;
        }
    }

    private static AuditItem ToItem(LogEntry entry)
    {
        var e = JsonSerializer.Deserialize(entry.Json, ApiJsonContext.Default.AuditEntry)!;
        return new AuditItem(entry.Id.ToString(CultureInfo.InvariantCulture), e.At.UtcDateTime, e.Actor, e.Role, e.StoreId, e.Action, e.Target,
            e.Result, e.Status, e.TraceId);
    }

    // Quotes every cell, doubles quotes, and defuses spreadsheet formulas (a cell starting with = + - @ runs as one).
    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var safe = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
