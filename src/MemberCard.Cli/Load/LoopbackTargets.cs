using System.Net;

namespace MemberCard.Cli.Load;

/// <summary>A server under test: a name for the reports and its base URL.</summary>
internal sealed record LoadTarget(string Name, Uri BaseUrl);

/// <summary>
/// Parses <c>--target name=url</c> and refuses anything but loopback: a load test sends thousands of
/// money-moving requests per second, which must never reach a real till network by a typo.
/// </summary>
internal static class LoopbackTargets
{
    public static bool TryParse(string text, out LoadTarget target, out string error)
    {
        target = null!;
        var name = "";
        var url = text.Trim();
        var equals = url.IndexOf('=');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (equals > 0 && (scheme < 0 || equals < scheme))
        {
            name = url[..equals].Trim();
            url = url[(equals + 1)..].Trim();
            if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                error = $"target name '{name}' may only hold letters, digits, '-', '_' and '.'.";
                return false;
            }
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            error = $"'{url}' is not an http:// or https:// URL.";
            return false;
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            error = $"'{url}' must be a plain base URL (no query, fragment or user info).";
            return false;
        }
        if (!IsLoopback(uri))
        {
            error = $"refusing target '{url}': only loopback servers (localhost, 127.0.0.0/8, ::1) may be load-tested.";
            return false;
        }
        // A trailing slash makes relative paths like "api/v1/..." resolve below a base path, if any.
        var baseUrl = uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        target = new LoadTarget(name.Length > 0 ? name : uri.Authority, baseUrl);
        error = "";
        return true;
    }

    public static bool IsLoopback(Uri uri)
    {
        if (uri.HostNameType == UriHostNameType.Dns)
            return string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);
        if (!IPAddress.TryParse(uri.DnsSafeHost, out var address)) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return IPAddress.IsLoopback(address);
    }
}
