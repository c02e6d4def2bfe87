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
                    Description = "The CSV file (UTF-8; comma, semicolon or tab separated). Exactly one file part; other text fields are ignored.",
                },
            },
        };
        if (content.TryGetValue(CsvUpload.Csv, out var text) && text is OpenApiMediaType csv)
        {
            csv.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The CSV file itself (UTF-8; comma, semicolon or tab separated)." };
        }
    }
}
