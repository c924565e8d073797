namespace MemberCard.Runtime.Messaging;

/// <summary>What a frame carries. Requests are answered by one <see cref="Ok"/> or <see cref="Error"/> with the same id.</summary>
internal enum FrameKind : byte
{
    /// <summary>First request on a connection: the silo the caller means to reach (guards against a restarted endpoint).</summary>
    Hello = 1,

    /// <summary>A grain call.</summary>
    Call = 2,

    /// <summary>A membership probe.</summary>
    Ping = 3,

    /// <summary>Probe another silo on the caller's behalf; body: the target silo.</summary>
    IndirectProbe = 4,

    /// <summary>The membership table changed: re-read it.</summary>
    Gossip = 5,

    /// <summary>
    /// One-way, from a silo leaving gracefully: send nothing more on this connection. The receiver answers
    /// <see cref="GoodbyeAck"/> after its last request, so the leaving silo knows every request it will ever get.
    /// </summary>
    Goodbye = 6,

    /// <summary>One-way: no request follows on this connection.</summary>
    GoodbyeAck = 7,

    /// <summary>The caller's proof of the cluster secret over the challenge in the hello answer (<see cref="SiloHandshake"/>).</summary>
    Auth = 8,

    /// <summary>Reply: success, body is the result.</summary>
    Ok = 20,

    /// <summary>Reply: failure, body is a <see cref="RemoteError"/>.</summary>
    Error = 21,
}

/// <summary>
/// One message on a silo-to-silo connection: <c>[int32 length][byte kind][int64 request id][body]</c>,
/// little-endian, where length counts everything after itself.
/// </summary>
internal readonly record struct Frame(FrameKind Kind, long Id, byte[] Body)
{
    public const int HeaderSize = 4 + 1 + 8;

    /// <summary>Frames larger than this are a protocol error (a grain call is a few hundred bytes).</summary>
    public const int MaxLength = 16 * 1024 * 1024;

    public bool IsReply => Kind >= FrameKind.Ok;
}
