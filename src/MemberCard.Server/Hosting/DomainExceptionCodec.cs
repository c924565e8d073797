using MemberCard.Abstractions;
using MemberCard.Runtime.Messaging;

namespace MemberCard.Server.Hosting;

/// <summary>
/// Carries <see cref="DomainException"/> between silos with its code and field errors, so a refusal raised on
/// another silo becomes the same ProblemDetails as a local one.
/// </summary>
internal sealed class DomainExceptionCodec : IRemoteExceptionCodec
{
    private static readonly string TypeName = typeof(DomainException).FullName!;

    public RemoteError? Encode(Exception exception) =>
        exception is DomainException domain ? new RemoteError(TypeName, domain.Message, domain.Code, domain.Errors) : null;

    public Exception? Decode(RemoteError error) =>
        error.Type == TypeName ? new DomainException(error.Code ?? ErrorCodes.Internal, error.Message, error.Details) : null;
}
