using System.Text.Json.Nodes;
using KanoApi.Analysis;
using KanoApi.Links;
using KanoApi.Responses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace KanoApi.Infrastructure;

/// <summary>
/// Declares the segment filters (<c>segment.&lt;name&gt;=&lt;value&gt;</c>, read from the raw query string) as one
/// OpenAPI deepObject parameter <c>segment</c>, so Swagger UI's "Try it out" and generated clients can send them:
/// they send <c>segment[plan]=enterprise</c>, which the service reads as <c>segment.plan=enterprise</c>.
/// </summary>
internal sealed class SegmentFilterParameter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        // The read endpoints bind AnalysisQuery; its "wave" is the one option only they take.
        var filters = context.ApiDescription.ParameterDescriptions.Any(parameter =>
            parameter.ModelMetadata?.ContainerType == typeof(AnalysisQuery) && parameter.Name == "wave");
        if (!filters)
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = AnalysisRequest.SegmentObject,
            In = ParameterLocation.Query,
            Style = ParameterStyle.DeepObject,
            Explode = true,
            Required = false,
            Description = "Only respondents with these segment values (all must hold), e.g. `{\"plan\": \"enterprise\"}`, sent as "
                + "`segment[plan]=enterprise`. The same filter can be written `segment.<name>=<value>` (`segment.plan=enterprise`).",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Limits.SegmentValueLength },
                MaxProperties = 20,
                Examples = [new JsonObject { ["plan"] = "enterprise" }],
            },
            Example = new JsonObject { ["plan"] = "enterprise" },
        });
    }
}

/// <summary>
/// Realistic examples where Swagger UI would otherwise invent <c>{"additionalProp1": "string"}</c>: every map
/// (segments, counts by Kano code, validation errors by field, health checks) and the problem bodies, whose
/// <c>traceId</c> (and <c>totalErrors</c>) every problem carries.
/// </summary>
internal sealed class ExampleSchemaFilter : ISchemaFilter
{
    private static readonly Dictionary<(Type Type, string Property), Func<JsonNode>> MapExamples = new()
    {
        [(typeof(ResponseSubmission), "segments")] = Segments,
        [(typeof(StoredResponse), "segments")] = Segments,
        [(typeof(AnalysisFilterResponse), "segments")] = Segments,
        [(typeof(CreateLink), "segments")] = LinkSegments,
        [(typeof(CreatedLink), "segments")] = LinkSegments,
        [(typeof(LinkSummary), "segments")] = LinkSegments,
        [(typeof(FeatureAnalysisResponse), "counts")] = () => new JsonObject { ["A"] = 3, ["O"] = 23, ["M"] = 27, ["I"] = 6, ["R"] = 0, ["Q"] = 2 },
        [(typeof(FeatureAnalysisResponse), "categoryProbabilities")] = () => new JsonObject { ["A"] = 0, ["O"] = 0.21, ["M"] = 0.79, ["I"] = 0, ["R"] = 0, ["Q"] = 0 },
        [(typeof(FeatureWaveResponse), "counts")] = () => new JsonObject { ["A"] = 2, ["O"] = 11, ["M"] = 14, ["I"] = 3, ["R"] = 0, ["Q"] = 1 },
        [(typeof(KanoApi.Audiences.AudienceFeatureResponse), "counts")] = () => new JsonObject { ["A"] = 4, ["O"] = 2, ["M"] = 1, ["I"] = 11, ["R"] = 0, ["Q"] = 0 },
        [(typeof(FeatureAnalysisResponse), "percentages")] = () => new JsonObject { ["A"] = 4.92, ["O"] = 37.7, ["M"] = 44.26, ["I"] = 9.84, ["R"] = 0, ["Q"] = 3.28 },
        [(typeof(KanoApi.ServiceQuality.DimensionResponse), "categories")] = () => new JsonObject { ["basic"] = 2, ["expected"] = 1, ["delighter"] = 1 },
        [(typeof(KanoApi.ServiceQuality.DimensionResponse), "belowExpectation")] = () => new JsonObject { ["basic"] = 2, ["expected"] = 0, ["delighter"] = 0 },
        [(typeof(SegmentDisagreementResponse), "codes")] = () => new JsonObject { ["pro"] = "M", ["free"] = "M", ["enterprise"] = "O" },
        [(typeof(HealthStatus), "checks")] = () => new JsonObject
        {
            ["database"] = new JsonObject { ["status"] = "healthy", ["description"] = "Database reachable; migrations applied." },
        },
        [(typeof(HttpValidationProblemDetails), "errors")] = ValidationErrors,
        [(typeof(KanoApi.Responses.Import.ImportMapping), "values")] = () => new JsonObject { ["1"] = "dislike", ["2"] = "live-with", ["3"] = "neutral", ["4"] = "must-be", ["5"] = "like" },
        [(typeof(KanoApi.Responses.Import.ImportMapping), "columns")] = () => new JsonArray(
            new JsonObject { ["column"] = "Timestamp", ["to"] = "answeredAt", ["dateOrder"] = "month-first" },
            new JsonObject { ["column"] = "How would you feel if the product had this feature? [Dark mode]", ["to"] = "functional", ["feature"] = "dark-mode" },
            new JsonObject { ["column"] = "How would you feel if the product did not have this feature? [Dark mode]", ["to"] = "dysfunctional", ["feature"] = "dark-mode" },
            new JsonObject { ["column"] = "How important is this feature to you? [Dark mode]", ["to"] = "importance", ["feature"] = "dark-mode" },
            new JsonObject { ["column"] = "Plan", ["to"] = "segment", ["segment"] = "plan" },
            new JsonObject { ["column"] = "Email Address", ["to"] = "ignore" }),
        [(typeof(KanoApi.Responses.Import.ImportPreview), "errors")] = () => new JsonObject
        {
            ["row 31, column \"How would you feel if the product had this feature? [Dark mode]\" (D31)"] = new JsonArray("'Meh' is not an answer: it must be one of like, must-be, neutral, live-with, dislike (or expect, tolerate), 1-5, or a known answer wording"),
        },
    };

    private static JsonObject Segments() => new() { ["plan"] = "enterprise", ["channel"] = "online" };

    private static JsonObject LinkSegments() => new() { ["channel"] = "newsletter" };

    private static JsonObject ValidationErrors() => new()
    {
        ["answers[0].functional"] = new JsonArray("'I love it' is not an answer: it must be one of like, must-be, neutral, live-with, dislike (or expect, tolerate), 1-5, or a known answer wording"),
        ["segments.plan"] = new JsonArray("a segment value must not be empty"),
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { } properties } target)
        {
            return;
        }

        foreach (var ((type, property), example) in MapExamples)
        {
            if (type == context.Type && properties.TryGetValue(property, out var map) && map is OpenApiSchema inline)
            {
                inline.Examples = [example()];
            }
        }

        if (context.Type == typeof(ProblemDetails) || context.Type == typeof(HttpValidationProblemDetails))
        {
            var validation = context.Type == typeof(HttpValidationProblemDetails);
            properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id: quote it when reporting a problem." };
            if (validation)
            {
                properties["totalErrors"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "How many errors were found; at most 100 are listed in errors." };
            }

            target.Examples = [validation
                ? new JsonObject
                {
                    ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                    ["title"] = "The request is invalid.",
                    ["status"] = 400,
                    ["detail"] = "One or more fields are invalid; see errors.",
                    ["instance"] = "/v1/surveys/2/responses",
                    ["errors"] = ValidationErrors(),
                    ["totalErrors"] = 2,
                    ["traceId"] = "00-41f9c1d3e0b84a6c9b7f0a2e5d8c4b1a-7c2d9e4f1a3b5c6d-00",
                }
                : new JsonObject
                {
                    ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
                    ["title"] = "Not found",
                    ["status"] = 404,
                    ["detail"] = "There is no survey 42 in this workspace.",
                    ["instance"] = "/v1/surveys/42",
                    ["traceId"] = "00-41f9c1d3e0b84a6c9b7f0a2e5d8c4b1a-7c2d9e4f1a3b5c6d-00",
                }];
        }
    }
}
