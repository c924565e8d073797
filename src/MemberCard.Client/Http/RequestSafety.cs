namespace MemberCard.Client;

/// <summary>
/// Whether sending a request again after it may have reached the server is harmless. The client marks each request;
/// the retry rules read the mark.
/// </summary>
internal static class RequestSafety
{
    private const string Name = "MemberCard.RetrySafe";

#if NET5_0_OR_GREATER
    private static readonly HttpRequestOptionsKey<bool> Key = new(Name);

    public static void Mark(HttpRequestMessage request, bool retrySafe) => request.Options.Set(Key, retrySafe);

    public static bool IsRetrySafe(HttpRequestMessage request) => request.Options.TryGetValue(Key, out var safe) && safe;
#else
    public static void Mark(HttpRequestMessage request, bool retrySafe) => request.Properties[Name] = retrySafe;

    public static bool IsRetrySafe(HttpRequestMessage request) => request.Properties.TryGetValue(Name, out var safe) && safe is true;
#endif
}
