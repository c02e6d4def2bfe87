using System.Text.Json.Nodes;
using Kano.Analysis.ServiceQuality;
using KanoApi.Infrastructure;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace KanoApi.Features;

/// <summary>
/// The SERVQUAL dimension a feature is tagged with (method §7b), as requests send it and features.dimension stores it:
/// one of <see cref="ServiceDimensions.WireNames"/>, read in any letter case and stored in lower case.
/// </summary>
internal static class FeatureDimension
{
    private static readonly string Allowed = string.Join(", ", ServiceDimensions.WireNames);

    /// <summary>
    /// The stored form of a sent dimension: its wire name, or null when none was sent (null or blank). An unknown name
    /// adds an error under <paramref name="field"/> that lists the five.
    /// </summary>
    public static string? Check(string? sent, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(sent))
        {
            return null;
        }

        if (ServiceDimensions.TryParse(sent, out var dimension))
        {
            return ServiceDimensions.Name(dimension);
        }

        errors.Add(field, $"must be one of SERVQUAL's five dimensions: {Allowed} (or null for none)");
        return null;
    }

    /// <summary>Declares the five names as the enum of every feature contract's "dimension" in the OpenAPI document.</summary>
    internal sealed class SchemaFilter : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (context.Type != typeof(Feature) && context.Type != typeof(FeatureCreate) && context.Type != typeof(FeatureUpdate))
            {
                return;
            }

            if (schema.Properties?.TryGetValue("dimension", out var property) == true && property is OpenApiSchema dimension)
            {
                // null is "none" (OpenAPI 3.0 wants it in the enum of a nullable property); "" clears an update's dimension.
                var values = ServiceDimensions.WireNames.Select(name => (JsonNode?)JsonValue.Create(name)).Append(null);
                if (context.Type == typeof(FeatureUpdate))
                {
                    values = values.Append(JsonValue.Create(""));
                }

                dimension.Enum = [.. values!];
            }
        }
    }
}
