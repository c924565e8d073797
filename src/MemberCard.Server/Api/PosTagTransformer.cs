using MemberCard.Server.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MemberCard.Server.Api;

/// <summary>
/// Tags every operation a till credential may call (the <see cref="Caller.PosPolicy"/> routes) with <see cref="Tag"/>, besides
/// its resource tag: the POS surface that MemberCard.Client covers, read from the routes so that it cannot drift. The
/// document's tag list (with this tag's description) is written by <see cref="OpenApi.ApiDocumentTransformer"/>.
/// </summary>
internal sealed class PosTagTransformer : IOpenApiOperationTransformer
{
    public const string Tag = "POS";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == Caller.PosPolicy))
        {
            operation.Tags ??= new HashSet<OpenApiTagReference>();
            operation.Tags.Add(new OpenApiTagReference(Tag, context.Document));
        }
        return Task.CompletedTask;
    }
}
