using System.Text.Json.Nodes;
using Kano.Analysis;
using KanoApi.Analysis;
using KanoApi.Infrastructure;
using KanoApi.ServiceQuality;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace KanoApi.Backlog;

/// <summary>
/// Declares the backlog's representations in the OpenAPI document: the <c>format</c> values, and for each media type
/// its schema and an example of every format it carries. The examples are written by the exports themselves from a
/// small sample backlog, so they always show what the service sends.
/// </summary>
internal sealed class BacklogExportsDocument : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId != "GetBacklog")
        {
            return;
        }

        if (operation.Parameters?.FirstOrDefault(parameter => parameter.Name == BacklogFormats.Parameter) is OpenApiParameter format)
        {
            format.Description = "json (default) or csv: KanoApi's own; jira: CSV for Jira's CSV importer; linear: CSV for Linear's CSV import; "
                + "github: a JSON array of GitHub create-issue bodies; markdown: a document. Overrides Accept.";
            format.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. BacklogFormats.Allowed.Select(name => (JsonNode)JsonValue.Create(name)!)],
            };
            format.Example = JsonValue.Create("jira");
        }

        if (operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse { Content: { } content })
        {
            return;
        }

        var export = new BacklogExport(Sample, "Checkout study", "https://kano.example.com/v1/surveys/2/report?table=standard&rule=hierarchy&lang=en#backlog", Language.English);
        content["application/json"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                OneOf =
                [
                    context.SchemaGenerator.GenerateSchema(typeof(BacklogResponse), context.SchemaRepository),
                    context.SchemaGenerator.GenerateSchema(typeof(GitHubIssue[]), context.SchemaRepository),
                ],
            },
            Examples = new Dictionary<string, IOpenApiExample>
            {
                ["json"] = Example("KanoApi's backlog (format=json, the default)", System.Text.Json.JsonSerializer.SerializeToNode(Sample, ExampleJson)!),
                ["github"] = Example("GitHub create-issue bodies (format=github)", JsonNode.Parse(TrackerExports.GitHub(export))!),
            },
        };
        content["text/csv"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Examples = new Dictionary<string, IOpenApiExample>
            {
                ["csv"] = Example("KanoApi's backlog table (format=csv or Accept: text/csv)", JsonValue.Create(CsvTables.Backlog(Sample))),
                ["jira"] = Example("Jira's CSV importer (format=jira)", JsonValue.Create(TrackerExports.Jira(export))),
                ["linear"] = Example("Linear's CSV import (format=linear)", JsonValue.Create(TrackerExports.Linear(export))),
            },
        };
        content["text/markdown"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Examples = new Dictionary<string, IOpenApiExample>
            {
                ["markdown"] = Example("A Markdown document (format=markdown or Accept: text/markdown)", JsonValue.Create(TrackerExports.Markdown(export))),
            },
        };
    }

    private static OpenApiExample Example(string summary, JsonNode value) => new() { Summary = summary, Value = value };

    private static readonly System.Text.Json.JsonSerializerOptions ExampleJson = new System.Text.Json.JsonSerializerOptions().ConfigureKano();

    /// <summary>The README's walk-through survey, shortened to two items and one feature to review.</summary>
    private static readonly BacklogResponse Sample = new(
        2, 61, "standard", "hierarchy", "en",
        [
            new BacklogItemResponse
            {
                Rank = 1, FeatureId = 12, Key = "fast-checkout", Name = "Fast checkout", Category = "basic", Code = "M", Label = "Basic",
                Action = Kano.Analysis.Backlog.FixFirst, ActionLabel = "Fix first", Score = 1.1681, Value = 0.8475,
                Factors = new BacklogFactorsResponse(1.3639, 0.9781, 1.5, 1.5498), Better = 0.441, Worse = -0.847,
                BetterInterval = new IntervalResponse(0.322, 0.567), WorseInterval = new IntervalResponse(-0.918, -0.735),
                ImportanceMean = 6.82, SatisfactionMean = 3.066, Effort = 3,
                Rationale = "Basic need below expectation: perception 4.90 against expectation 6.10 (gap -1.20, 95 % CI -1.48 to -0.92; Kano-adjusted improvement ratio 1.55), so it comes before everything else (importance 6.8/9, current satisfaction 3.1/5, effort 3 against an average of 2 give a score of 1.17).",
                // The example's survey asks SERVQUAL's pair (issue 21): each item carries its gap; a survey without it sends null.
                ServiceQuality = new FeatureGapResponse
                {
                    FeatureId = 12, Key = "fast-checkout", Name = "Fast checkout", Dimension = "responsiveness", Category = "basic", N = 61,
                    MeanExpectation = 6.1, MeanPerception = 4.9, Gap = -1.2, Sd = 1.09, Interval = new IntervalResponse(-1.479, -0.921),
                    BelowExpectation = true, AboveExpectation = false, Improvement = new ImprovementResponse(6.1, 4.9, 1.245, 0.5, 1.55),
                },
            },
            new BacklogItemResponse
            {
                Rank = 2, FeatureId = 14, Key = "order-tracking", Name = "Order tracking", Category = "expected", Code = "O", Label = "Expected",
                Action = Kano.Analysis.Backlog.Improve, ActionLabel = "Improve", Score = 2.2297, Value = 1.55,
                Factors = new BacklogFactorsResponse(1.42, 1.01, 1, 1), Better = 0.689, Worse = -0.864,
                BetterInterval = new IntervalResponse(0.563, 0.792), WorseInterval = new IntervalResponse(-0.931, -0.752),
                ImportanceMean = 7.1, SatisfactionMean = 2.98, Effort = 2,
                Rationale = "Expected feature: satisfaction rises and falls with it (Better 0.69, 95 % CI 0.56 to 0.79; Worse -0.86, 95 % CI -0.93 to -0.75), so invest in proportion to Better + |Worse| = 1.55 (importance 7.1/9, current satisfaction 3.0/5, effort 2 against an average of 2 give a score of 2.23).",
                ServiceQuality = new FeatureGapResponse
                {
                    FeatureId = 14, Key = "order-tracking", Name = "Order tracking", Dimension = "reliability", Category = "expected", N = 61,
                    MeanExpectation = 5.6, MeanPerception = 5.6, Gap = 0, Sd = 0.98, Interval = new IntervalResponse(-0.251, 0.251),
                    BelowExpectation = false, AboveExpectation = false, Improvement = new ImprovementResponse(5.6, 5.6, 1, 1, 1),
                },
            },
        ],
        [
            new ReviewItemResponse
            {
                FeatureId = 13, Key = "dark-mode", Name = "Dark mode", Category = "indifferent", Code = "I", Label = "Indifferent",
                Action = Kano.Analysis.Backlog.Reconsider, ActionLabel = "Reconsider",
                Rationale = "Indifferent: most respondents would not mind either way, so reconsider investing in it.",
            },
        ]);
}
