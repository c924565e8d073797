using System.Globalization;

namespace MemberCard.Runtime.Messaging;

/// <summary>Encodes exceptions for the wire and rebuilds them on the calling silo: host codecs first, then the runtime's own.</summary>
internal sealed class RemoteExceptionTranslator(IEnumerable<IRemoteExceptionCodec> codecs)
{
    private readonly IRemoteExceptionCodec[] _codecs = [.. codecs];

    public RemoteError Encode(Exception exception)
    {
        foreach (var codec in _codecs)
            if (codec.Encode(exception) is { } error) return error;
        return exception switch
        {
            GrainCallTimeoutException t => new RemoteError(nameof(GrainCallTimeoutException), t.Message, t.Grain.ToString(),
                new Dictionary<string, string[]> { ["timeoutMs"] = [t.Timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)] }),
            GrainUnavailableException => new RemoteError(nameof(GrainUnavailableException), exception.Message),
            _ => RemoteError.From(exception),
        };
    }

    public Exception Decode(RemoteError error)
    {
        foreach (var codec in _codecs)
            if (codec.Decode(error) is { } exception) return exception;
        return error.Type switch
        {
            nameof(GrainUnavailableException) => new GrainUnavailableException(error.Message),
            nameof(GrainCallTimeoutException) => new GrainCallTimeoutException(ParseGrain(error.Code),
                TimeSpan.FromMilliseconds(double.Parse(error.Details?["timeoutMs"][0] ?? "0", CultureInfo.InvariantCulture))),
            nameof(SiloStoppingException) => new SiloStoppingException(),
            "System.ArgumentException" => new ArgumentException(error.Message),
            "System.InvalidOperationException" => new InvalidOperationException(error.Message),
            "System.Collections.Generic.KeyNotFoundException" => new KeyNotFoundException(error.Message),
            "System.NotSupportedException" => new NotSupportedException(error.Message),
            _ => new RemoteGrainException(error.Type, error.Message),
        };
    }

    private static GrainId ParseGrain(string? text)
    {
        var slash = text?.IndexOf('/') ?? -1;
        return slash > 0 ? new GrainId(text![..slash], text[(slash + 1)..]) : new GrainId("unknown", text ?? "");
    }
}
