using System.Runtime.CompilerServices;

namespace MemberCard.Cli.Load;

/// <summary>
/// Notes the HTTP status of each answer for the call that is waiting for it, so the summary shows the status the
/// server really sent (<c>201</c>, <c>409 insufficient_balance</c>), as it did before the tool used the typed client.
/// </summary>
internal sealed class WireStatus : DelegatingHandler
{
    private static readonly AsyncLocal<StrongBox<int>?> Current = new();

    /// <summary>Starts noting for the calling flow; read the box after the call.</summary>
    public static StrongBox<int> Begin()
    {
        var box = new StrongBox<int>();
        Current.Value = box;
        return box;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (Current.Value is { } box) box.Value = (int)response.StatusCode;
        return response;
    }
}
