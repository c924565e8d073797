namespace MemberCard.Client;

/// <summary>
/// The server refused a request: an RFC 9457 problem with the POS API's stable <c>code</c>. One type for every refusal;
/// <see cref="Code"/> tells them apart (<c>catch (MemberCardApiException e) when (e.Code == MemberCardErrorCode.InsufficientBalance)</c>).
/// </summary>
public sealed class MemberCardApiException : Exception
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoErrors = new Dictionary<string, IReadOnlyList<string>>();

    public MemberCardApiException(
        int status, string codeText, string? title, string? detail, string? traceId,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? errors, string? idempotencyKey)
        : base(MessageOf(status, codeText, detail ?? title))
    {
        Status = status;
        CodeText = codeText;
        Code = ErrorCodeNames.Parse(codeText);
        Title = title;
        Detail = detail;
        TraceId = traceId;
        Errors = errors ?? NoErrors;
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>The HTTP status (400, 404, 409, 422, 429, 503, ...).</summary>
    public int Status { get; }

    /// <summary>The refusal; <see cref="MemberCardErrorCode.Other"/> for a code this client does not know.</summary>
    public MemberCardErrorCode Code { get; }

    /// <summary>The <c>code</c> exactly as the server wrote it (empty when the answer had none).</summary>
    public string CodeText { get; }

    /// <summary>The problem's <c>title</c>.</summary>
    public string? Title { get; }

    /// <summary>The problem's <c>detail</c>: a sentence for the cashier or the log.</summary>
    public string? Detail { get; }

    /// <summary>The server's trace id of the request: quote it when asking support.</summary>
    public string? TraceId { get; }

    /// <summary>For <see cref="MemberCardErrorCode.ValidationFailed"/>: field → messages (empty otherwise).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    /// <summary>The Idempotency-Key the operation was sent with (every attempt of it), or null when it had none.</summary>
    public string? IdempotencyKey { get; }

    /// <summary>
    /// Whether the refusal is passing (429, 503, 504): the same operation may succeed later. Send it again with
    /// <see cref="IdempotencyKey"/> so that it takes effect at most once.
    /// </summary>
    public bool IsTransient => Status is 429 or 503 or 504;

    private static string MessageOf(int status, string code, string? detail) =>
        $"{status}{(code.Length == 0 ? "" : " " + code)}{(detail is null ? "" : ": " + detail)}";
}
