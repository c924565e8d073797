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

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblem.WriteAsync(Context, ErrorCodes.Unauthorized, ChallengeDetail);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.WriteAsync(Context, ErrorCodes.Forbidden, "This credential may not do this.");
}
