using System.Runtime.CompilerServices;

namespace MemberCard.Client;

/// <summary>Walks a cursor-paged list page by page, item by item.</summary>
internal static class Paging
{
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(
        Func<string?, CancellationToken, Task<Page<T>>> readPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await readPage(cursor, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items) yield return item;
            // A cursor that does not move would loop for ever.
            if (page.NextCursor is not null && page.NextCursor == cursor)
                throw new InvalidOperationException("The server answered the same cursor again; the list cannot be read further.");
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    public static string Query(int? limit, string? cursor)
    {
        if (limit is < 1 or > 200) throw new ArgumentOutOfRangeException(nameof(limit), limit, "A page holds 1 to 200 items.");
        var parts = new List<string>(2);
        if (limit is not null) parts.Add("limit=" + limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (cursor is not null) parts.Add("cursor=" + Uri.EscapeDataString(cursor));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
