using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace KanoApi.Questionnaire;

/// <summary>
/// A reference to another schema cannot carry "nullable" beside it in OpenAPI 3.0, so Swashbuckle writes the
/// questionnaire's optional parts as bare references, and a generated client would not expect the null a survey
/// that does not ask them sends. Each becomes <c>allOf: [reference], nullable: true</c>: a feature's SERVQUAL items
/// (null without askServiceQuality) and the importance and satisfaction scales (null when not asked).
/// </summary>
internal sealed class NullableScalesSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        var optional = context.Type == typeof(QuestionnaireFeature) ? ["serviceQuality"]
            : context.Type == typeof(QuestionnaireDefinition) ? new[] { "importance", "satisfaction" }
            : [];
        foreach (var name in optional)
        {
            if (schema.Properties?.TryGetValue(name, out var property) == true && property is OpenApiSchemaReference reference)
            {
                schema.Properties[name] = new OpenApiSchema { AllOf = [reference], Type = JsonSchemaType.Null };
            }
        }
    }
}
