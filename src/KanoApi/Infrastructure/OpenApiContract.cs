using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace KanoApi.Infrastructure;

/// <summary>
/// Makes the document exact for the clients generated from it (openapi-typescript, NSwag, Kiota): a field is
/// optional or nullable in a generated type only when the service really leaves it out or sends null.
/// </summary>
/// <remarks>
/// Responses: the serializer writes every property, null ones included (<c>DefaultIgnoreCondition = Never</c>), so
/// every property of a schema that only responses use is required; whether it may be null comes from the C#
/// nullability (<c>SupportNonNullableReferenceTypes</c>). Requests: a field is required when the handler refuses a
/// body without it — marked <c>[property: Required]</c> on the contract, and then not nullable either, because null
/// is refused the same way. A schema used by both (a request's part that a response echoes) keeps the request's
/// rule, which is the one a client must obey. <c>OpenApiDocumentTests</c> check both rules against the running
/// service.
/// </remarks>
internal sealed class TruthfulRequiredFields : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        var operations = document.Paths.Values
            .SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .ToArray();
        var sent = Reachable(schemas, operations
            .SelectMany(operation => operation.RequestBody?.Content?.Values ?? Enumerable.Empty<IOpenApiMediaType>())
            .Select(media => media.Schema));
        var answered = Reachable(schemas, operations
            .SelectMany(operation => operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
            .SelectMany(response => response.Content?.Values ?? Enumerable.Empty<IOpenApiMediaType>())
            .Select(media => media.Schema));

        foreach (var name in answered.Except(sent))
        {
            if (schemas[name] is OpenApiSchema { Properties.Count: > 0 } schema)
            {
                schema.Required = new SortedSet<string>(schema.Properties.Keys, StringComparer.Ordinal);
            }
        }

        foreach (var name in sent)
        {
            if (schemas[name] is OpenApiSchema { Properties: { } properties, Required: { Count: > 0 } required })
            {
                foreach (var field in required)
                {
                    if (properties.TryGetValue(field, out var property) && property is OpenApiSchema concrete)
                    {
                        concrete.Type &= ~JsonSchemaType.Null;
                    }
                }
            }
        }
    }

    /// <summary>The names of the component schemas these schemas use, directly or through others.</summary>
    internal static HashSet<string> Reachable(IDictionary<string, IOpenApiSchema> schemas, IEnumerable<IOpenApiSchema?> roots)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<IOpenApiSchema>(roots.OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference reference)
            {
                if (reference.Reference.Id is { } id && found.Add(id) && schemas.TryGetValue(id, out var target))
                {
                    pending.Push(target);
                }

                continue;
            }

            foreach (var child in Children(schema))
            {
                pending.Push(child);
            }
        }

        return found;
    }

    private static IEnumerable<IOpenApiSchema> Children(IOpenApiSchema schema) =>
        (schema.Properties?.Values ?? Enumerable.Empty<IOpenApiSchema>())
            .Concat(schema.AllOf ?? [])
            .Concat(schema.AnyOf ?? [])
            .Concat(schema.OneOf ?? [])
            .Append(schema.Items)
            .Append(schema.AdditionalProperties)
            .OfType<IOpenApiSchema>();
}

/// <summary>
/// One description (and, where the values are a closed set, an enum) for each path and query parameter the
/// endpoints share by name, so that <c>surveyId</c> or <c>lang</c> reads the same on every operation and Swagger
/// UI offers a list where there is one.
/// </summary>
internal sealed class SharedParameterDescriptions(IOptions<RequestLocalizationOptions> localization) : IOperationFilter
{
    private sealed record Shared(string Description, bool Required = false, bool LanguagesConfigured = false);

    private static readonly Dictionary<string, Shared> Parameters = new(StringComparer.Ordinal)
    {
        ["surveyId"] = new("The survey's id (from `POST /v1/surveys` or `GET /v1/surveys`)."),
        ["featureIdOrKey"] = new("The feature's numeric id or its key (keys compare case-insensitively)."),
        ["respondentId"] = new("The respondent's id: the one sent with the answers, or the generated `r-…` one."),
        ["linkId"] = new("The link's id (not its token)."),
        ["webhookId"] = new("The webhook endpoint's id."),
        ["deliveryId"] = new("The delivery's id, from the endpoint's delivery log."),
        ["id"] = new("The key's id (not the key itself)."),
        ["lang"] = new(
            "The language of every text in the answer (`Kano:Languages`; by default `en` or `vi`). Without it, the first of these in Accept-Language, else the survey's language.",
            LanguagesConfigured: true),
        ["by"] = new("The segment to compare, e.g. `plan`: each of its most frequent values gets its own analysis.", Required: true),
        ["seed"] = new(
            "Orders the features for one respondent (with the survey's randomizeOrder on) and becomes the submission "
            + "template's `respondentId`: send the respondent's id (1-100 characters, no `/ \\ ? #`) to get the same "
            + "order every time and to store that respondent once. Without it a new seed is drawn and answered in `seed`."),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.Name is not { } name || !Parameters.TryGetValue(name, out var shared))
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(parameter.Description))
            {
                parameter.Description = shared.Description;
            }

            parameter.Required |= shared.Required;
            if (shared.LanguagesConfigured && parameter.Schema is OpenApiSchema schema)
            {
                schema.Enum = localization.Value.SupportedUICultures!
                    .Select(culture => (JsonNode)JsonValue.Create(culture.Name))
                    .ToList();
            }
        }
    }
}

/// <summary>
/// A property whose C# type is a nullable reference to another schema (an analysis's <c>serviceQuality</c>, a
/// feature's <c>settle</c>, a questionnaire's <c>importance</c> scale) is sent as null at times, but OpenAPI 3.0 cannot
/// put "nullable" beside a <c>$ref</c>, so Swashbuckle writes a bare reference and a generated client would never
/// expect the null. Each such property becomes <c>allOf: [reference], nullable: true</c>, decided by the C#
/// nullability of the contract's property, so no list of names has to be kept in step with the contracts.
/// </summary>
internal sealed class NullableReferences : ISchemaFilter
{
    private readonly NullabilityInfoContext nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema.Properties is not { Count: > 0 } properties || context.Type.IsPrimitive || context.Type == typeof(string))
        {
            return;
        }

        foreach (var clr in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = clr.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(clr.Name);
            if (properties.TryGetValue(name, out var property) && property is OpenApiSchemaReference reference
                && IsNullable(clr))
            {
                // The type beside "nullable" too: OpenAPI 3.0 validators (Spectral's oas3-valid-media-example) refuse
                // "nullable" without one when an example holds the null.
                var type = Nullable.GetUnderlyingType(clr.PropertyType) ?? clr.PropertyType;
                properties[name] = new OpenApiSchema
                {
                    AllOf = [reference],
                    Type = (type.IsEnum ? JsonSchemaType.String : JsonSchemaType.Object) | JsonSchemaType.Null,
                };
            }
        }
    }

    private bool IsNullable(PropertyInfo property)
    {
        lock (nullability)
        {
            return Nullable.GetUnderlyingType(property.PropertyType) is not null
                || nullability.Create(property).ReadState == NullabilityState.Nullable;
        }
    }
}
