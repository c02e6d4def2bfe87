using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace KanoApi.Responses;

/// <summary>
/// The answer values are read as raw JSON so every wrong type gets a field-path error; this tells the OpenAPI
/// document (and Swagger UI) what they really accept: a code or wording, or a position 1-5; a feature key or id.
/// </summary>
internal sealed class AnswerSchemaFilter : ISchemaFilter
{
    private static readonly string[] Codes = ["like", "must-be", "neutral", "live-with", "dislike", "expect", "tolerate"];

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(SubmittedAnswer) || schema is not OpenApiSchema answer || answer.Properties is null)
        {
            return;
        }

        answer.Required = new HashSet<string> { "feature", "functional", "dysfunctional" };
        answer.Properties["feature"] = new OpenApiSchema
        {
            Description = "The feature's key or id.",
            OneOf = [new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64 }, new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "1" }],
            Examples = [JsonValue.Create("fast-checkout")!],
        };
        answer.Properties["functional"] = AnswerValue("If the product has the feature, how do you feel?", "like");
        answer.Properties["dysfunctional"] = AnswerValue("If the product does not have the feature, how do you feel?", "dislike");
        answer.Properties["importance"] = Scale("Optional self-stated importance, 1 (not at all) to 9 (extremely important).", 9, 8);
        answer.Properties["satisfaction"] = Scale("Optional satisfaction with today's service, 1 (very dissatisfied) to 5 (very satisfied).", 5, 3);
        answer.Properties["expectation"] = Scale(
            "Optional SERVQUAL expectation: how far the respondent agrees that a service like this should perform well on the feature, 1 (strongly disagree) to 7 (strongly agree).",
            ServiceQualityScale.Points, 6);
        answer.Properties["perception"] = Scale(
            "Optional SERVQUAL perception: how far the respondent agrees that this service performs well on the feature, 1 (strongly disagree) to 7 (strongly agree). Gap 5 is perception − expectation.",
            ServiceQualityScale.Points, 4);
    }

    private static OpenApiSchema AnswerValue(string question, string example) => new()
    {
        Description = $"{question} A code ({string.Join(", ", Codes)}), a known answer wording (Kano 1984, modern, Berger, Blauth, Vietnamese, or the survey's own), or the position 1-5.",
        OneOf =
        [
            new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200, Examples = [JsonValue.Create(example)!] },
            new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "5" },
        ],
        Examples = [JsonValue.Create(example)!],
    };

    private static OpenApiSchema Scale(string description, int maximum, int example) => new()
    {
        Type = JsonSchemaType.Integer | JsonSchemaType.Null,
        Format = "int32",
        Minimum = "1",
        Maximum = maximum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Description = description,
        Examples = [JsonValue.Create(example)!],
    };
}
