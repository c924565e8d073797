using System.Text.Encodings.Web;
using MemberCard.Abstractions;
using MemberCard.Server.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MemberCard.Server.Api.Auth;

/// <summary>An authentication handler whose 401 and 403 answers are the API's problem details.</summary>
internal abstract class ProblemAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>What a 401 tells the caller to send.</summary>
    protected abstract string ChallengeDetail { get; }

    /// <summary>The 401 of every credential scheme.</summary>
    public static Task WriteChallengeAsync(HttpContext context, string detail) =>
        ApiProblem.WriteAsync(context, ErrorCodes.Unauthorized, detail);

    /// <summary>The 403 of every credential scheme.</summary>
    public static Task WriteForbiddenAsync(HttpContext context) =>
        ApiProblem.WriteAsync(context, ErrorCodes.Forbidden, "This credential may not do this.");

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => WriteChallengeAsync(Context, ChallengeDetail);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteForbiddenAsync(Context);
}
