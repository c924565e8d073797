using System.Buffers;
using System.Text.Json;
using MemberCard.Runtime.Cluster;

namespace MemberCard.Runtime.Messaging;

/// <summary>
/// An exception as it crosses the wire: the thrower's type name and message plus a stable code and a bag of
/// details. The runtime rebuilds its own exceptions; hosts register an <see cref="IRemoteExceptionCodec"/> for
/// theirs (the server rebuilds DomainException with its code), so the REST edge maps a remote failure exactly as
/// it maps a local one. <see cref="Kind"/> tells the router what to do with it.
/// </summary>
public sealed record RemoteError(
    string Type,
    string Message,
    string? Code = null,
    IReadOnlyDictionary<string, string[]>? Details = null,
    RemoteErrorKind Kind = RemoteErrorKind.Failed,
    string? Owner = null)
{
    internal static RemoteError From(Exception e) => e switch
    {
        GrainMovedException moved => new(nameof(GrainMovedException), e.Message, Kind: RemoteErrorKind.Moved, Owner: moved.Owner.ToString()),
        SiloStoppingException => new(nameof(SiloStoppingException), e.Message, Kind: RemoteErrorKind.NotExecuted),
        GrainCallTimeoutException t => new(nameof(GrainCallTimeoutException), e.Message, Code: t.Grain.ToString(), Kind: RemoteErrorKind.Failed),
        _ => new(e.GetType().FullName ?? e.GetType().Name, e.Message),
    };
}

/// <summary>What a remote failure means for the caller.</summary>
public enum RemoteErrorKind
{
    /// <summary>The call ran (or may have run) and failed: the error goes to the caller.</summary>
    Failed,

    /// <summary>The grain lives on <see cref="RemoteError.Owner"/>: call there (at most twice).</summary>
    Moved,

    /// <summary>The silo refused the call before running it (it is stopping): safe to send elsewhere.</summary>
    NotExecuted,
}

/// <summary>Turns a host's exception type into a <see cref="RemoteError"/> and back.</summary>
public interface IRemoteExceptionCodec
{
    /// <summary>The error for <paramref name="exception"/>, or null when this codec does not know its type.</summary>
    RemoteError? Encode(Exception exception);

    /// <summary>The exception for <paramref name="error"/>, or null when this codec does not know its type.</summary>
    Exception? Decode(RemoteError error);
}

/// <summary>A failure on another silo whose exception type this silo cannot rebuild.</summary>
public sealed class RemoteGrainException(string type, string message) : GrainRuntimeException($"{type}: {message}")
{
    /// <summary>The full name of the exception type thrown on the other silo.</summary>
    public string RemoteType { get; } = type;
}

/// <summary>The grain's activation lives on another silo (the directory says so).</summary>
internal sealed class GrainMovedException(GrainId grain, SiloAddress owner)
    : GrainRuntimeException($"{grain} is active on {owner}.")
{
    public SiloAddress Owner { get; } = owner;
}

/// <summary>This silo is stopping and takes no new activations; the call did not run.</summary>
internal sealed class SiloStoppingException() : GrainRuntimeException("The silo is stopping.");

/// <summary>The target silo could not be reached; the request was not sent, so it may go elsewhere.</summary>
internal sealed class SiloUnreachableException(SiloAddress silo, string reason, Exception? inner = null)
    : GrainRuntimeException($"Silo {silo} is unreachable: {reason}", inner)
{
    public SiloAddress Silo { get; } = silo;
}

/// <summary>Reads and writes <see cref="RemoteError"/> as JSON (the error path only, so a plain writer suffices).</summary>
internal static class RemoteErrorCodec
{
    public static byte[] Encode(RemoteError error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", error.Type);
            json.WriteString("message", error.Message);
            if (error.Code is not null) json.WriteString("code", error.Code);
            json.WriteNumber("kind", (int)error.Kind);
            if (error.Owner is not null) json.WriteString("owner", error.Owner);
            if (error.Details is not null)
            {
                json.WriteStartObject("details");
                foreach (var (key, values) in error.Details)
                {
                    json.WriteStartArray(key);
                    foreach (var value in values) json.WriteStringValue(value);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static RemoteError Decode(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Dictionary<string, string[]>? details = null;
        if (root.TryGetProperty("details", out var bag))
        {
            details = [];
            foreach (var property in bag.EnumerateObject())
                details[property.Name] = [.. property.Value.EnumerateArray().Select(v => v.GetString() ?? "")];
        }
        return new RemoteError(
            root.GetProperty("type").GetString() ?? "",
            root.GetProperty("message").GetString() ?? "",
            root.TryGetProperty("code", out var code) ? code.GetString() : null,
            details,
            (RemoteErrorKind)root.GetProperty("kind").GetInt32(),
            root.TryGetProperty("owner", out var owner) ? owner.GetString() : null);
    }
}
