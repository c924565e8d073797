using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using MemberCard.Abstractions.Rules;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MemberCard.Server.Api.OpenApi;

/// <summary>
/// Request bodies: a field is required (and then not nullable) only when it carries <see cref="RequiredAttribute"/>;
/// every other field may be left out. Any field with <see cref="AllowedValuesAttribute"/> is an enum. Limits come
/// from the standard attributes (<see cref="RangeAttribute"/>, <see cref="StringLengthAttribute"/>,
/// <see cref="RegularExpressionAttribute"/>), which the framework maps itself. The attributes state what the
/// handlers' checks enforce; nothing validates with them at run time. The rule set, a request and a response at once,
/// requires only its non-nullable fields.
/// </summary>
internal sealed class ApiSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // A property's attributes, or those of a handler parameter bound to a primitive (query, route, header).
        var attributes = context.JsonPropertyInfo is { } property ? property.AttributeProvider
            : context.JsonTypeInfo.Kind == JsonTypeInfoKind.None
                ? (context.ParameterDescription?.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo
                : null;
        if (attributes is not null)
        {
            var primitive = schema.Type is { } t && (t & ~JsonSchemaType.Null) is JsonSchemaType.String or JsonSchemaType.Integer or JsonSchemaType.Number;
            var array = schema.Type is { } a && (a & ~JsonSchemaType.Null) is JsonSchemaType.Array;
            if ((primitive || array) && attributes.IsDefined(typeof(RequiredAttribute), true)) schema.Type &= ~JsonSchemaType.Null;
            if (primitive && attributes.GetCustomAttributes(typeof(AllowedValuesAttribute), true).OfType<AllowedValuesAttribute>().FirstOrDefault() is { } allowed)
            {
                schema.Enum = [.. allowed.Values.OfType<object>().Select(v => (JsonNode)JsonValue.Create(v.ToString()!))];
                if (schema.Type?.HasFlag(JsonSchemaType.Null) == true) schema.Enum.Add(JsonNullSentinel.JsonNull);
            }
        }

        var type = context.JsonTypeInfo.Type;
        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && IsRequest(type) && schema.Properties is not null)
        {
            schema.Required = new HashSet<string>(context.JsonTypeInfo.Properties
                .Where(p => p.AttributeProvider?.IsDefined(typeof(RequiredAttribute), true) == true)
                .Select(p => p.Name));
            if (schema.Required.Count == 0) schema.Required = null;
        }
        else if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && type.Namespace == typeof(RuleSet).Namespace && schema.Required is { } required)
        {
            // The rule set is a request (publish) and a response: what may be null may also be left out when publishing.
            foreach (var p in context.JsonTypeInfo.Properties.Where(p => IsNullable(p))) required.Remove(p.Name);
            if (required.Count == 0) schema.Required = null;
        }
        return Task.CompletedTask;
    }

    private static bool IsNullable(JsonPropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || (!property.PropertyType.IsValueType && property.AttributeProvider is System.Reflection.PropertyInfo info
            && new System.Reflection.NullabilityInfoContext().Create(info).ReadState == System.Reflection.NullabilityState.Nullable);

    // The API's request bodies: their fields are all nullable in C# because the handlers check them and answer 400.
    private static bool IsRequest(Type type) =>
        type.Namespace?.StartsWith("MemberCard.Server", StringComparison.Ordinal) == true && type.Name.EndsWith("Request", StringComparison.Ordinal);
}
