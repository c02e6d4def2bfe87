using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace KanoApi.Responses.Import;

/// <summary>
/// Describes the import's multipart/form-data body as a form with one file field, so Swagger UI offers a file picker
/// and generated clients send the file as <c>curl -F file=@answers.csv</c> does.
/// </summary>
internal sealed class CsvUploadOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.RequestBody?.Content is not { } content || !content.TryGetValue(CsvUpload.Multipart, out var part) || part is not OpenApiMediaType multipart)
        {
            return;
        }

        multipart.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "file" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["file"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Format = "binary",
                    Description = "The file: CSV (UTF-8, or UTF-16 as Excel's \"Unicode text\"; comma, semicolon or tab separated) or an XLSX workbook. Exactly one file part; other text fields but mapping are ignored.",
                },
                ["mapping"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "Optional, for a survey tool's export: the mapping as JSON (the ImportMapping schema), as POST …/import/preview answers it, reviewed.",
                    Examples =
                    [
                        (JsonNode)new JsonObject
                    {
                        ["headerRows"] = 1,
                        ["columns"] = new JsonArray(
                            new JsonObject { ["column"] = "Timestamp", ["to"] = "ignore" },
                            new JsonObject { ["column"] = "How would you feel if the product had this feature? [Dark mode]", ["to"] = "functional", ["feature"] = "dark-mode" },
                            new JsonObject { ["column"] = "How would you feel if the product did not have this feature? [Dark mode]", ["to"] = "dysfunctional", ["feature"] = "dark-mode" },
                            new JsonObject { ["index"] = 4, ["to"] = "segment", ["segment"] = "plan" }),
                    }.ToJsonString(),
                    ],
                },
            },
        };
        if (content.TryGetValue(CsvUpload.Csv, out var text) && text is OpenApiMediaType csv)
        {
            csv.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The CSV file itself (UTF-8, or UTF-16 with its byte order mark; comma, semicolon or tab separated)." };
        }

        if (content.TryGetValue(CsvUpload.Xlsx, out var workbook) && workbook is OpenApiMediaType xlsx)
        {
            xlsx.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "An XLSX workbook (the first sheet, or the one the sheet option names)." };
        }
    }
}
