using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace MemberCard.Server.Telemetry;

/// <summary>
/// Masks card numbers in every finished span before an exporter sees it: POS routes carry the number in the path
/// (ASP.NET Core's <c>url.path</c>), Orleans names the card grain by it (its grain id tags) and errors quote it
/// (<c>Card … does not exist</c>). A card number is 8–32 digits (<c>Identifiers.IsCardNo</c>), so every run of 8 or more
/// digits in the span's name, tags and status goes; nothing else we tag is that long a number.
/// </summary>
internal sealed partial class CardNumberRedaction : BaseProcessor<Activity>
{
    /// <summary>What replaces a card number.</summary>
    public const string Mask = "{redacted}";

    public override void OnEnd(Activity data)
    {
        if (Redacted(data.DisplayName) is { } name) data.DisplayName = name;
        if (Redacted(data.StatusDescription) is { } status) data.SetStatus(data.Status, status);
        List<KeyValuePair<string, string>>? changes = null;
        foreach (var tag in data.TagObjects)
        {
            if (tag.Value is string value && Redacted(value) is { } masked) (changes ??= []).Add(new(tag.Key, masked));
        }
        if (changes is null) return;
        foreach (var (key, masked) in changes) data.SetTag(key, masked);
    }

    /// <summary>The text with card numbers masked, or null when it holds none.</summary>
    public static string? Redacted(string? text) =>
        text is not null && CardNumber().IsMatch(text) ? CardNumber().Replace(text, Mask) : null;

    [GeneratedRegex("[0-9]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex CardNumber();
}
