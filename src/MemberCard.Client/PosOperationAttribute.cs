namespace MemberCard.Client;

/// <summary>
/// Names the operation of the server's OpenAPI document (its <c>operationId</c>) that a client method calls. The tests
/// compare these with the document's POS tag, so a POS operation without a client method fails the build's tests.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PosOperationAttribute(string operationId, string method, string path) : Attribute
{
    /// <summary>The OpenAPI <c>operationId</c>, e.g. <c>TopUp</c>.</summary>
    public string OperationId { get; } = operationId;

    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public string Method { get; } = method;

    /// <summary>The path template, e.g. <c>/api/v1/cards/{cardNo}/top-ups</c>.</summary>
    public string Path { get; } = path;
}
