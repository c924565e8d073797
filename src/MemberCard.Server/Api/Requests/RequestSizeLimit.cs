using MemberCard.Abstractions;
using MemberCard.Server.Api.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace MemberCard.Server.Api.Requests;

/// <summary>Refuses bodies over the configured size with 413 before anything reads them.</summary>
internal sealed class RequestSizeLimit(RequestDelegate next, IConfiguration configuration)
{
    private readonly long _maxBytes = configuration.GetValue("Api:MaxRequestBodyBytes", 1024L * 1024);

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _maxBytes)
            return ApiProblem.WriteAsync(context, ErrorCodes.RequestTooLarge, $"The body may be at most {_maxBytes} bytes.");
        // Kestrel enforces this for bodies without a Content-Length (chunked) while they are read.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = _maxBytes;
        return next(context);
    }
}
