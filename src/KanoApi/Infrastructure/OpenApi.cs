using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace KanoApi.Infrastructure;

/// <summary>The OpenAPI document (Swashbuckle) and Swagger UI, served in every environment: exploring the API is a main use.</summary>
public static class OpenApi
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddKanoOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "KanoApi",
                Version = "v1",
                Contact = new OpenApiContact { Name = "KanoApi maintainers" },
                Description = """
                    Kano-model feature prioritisation. Store paired functional/dysfunctional answers to a Kano survey,
                    classify every feature as basic (must-be), expected (one-dimensional), delighter (attractive),
                    indifferent, reverse or questionable with the published statistics, and get a prioritised
                    improvement backlog that says why each item is where it is.

                    Authenticate with an API key in the `X-Api-Key` header (the Authorize button).
                    """,
            });
            options.AddSecurityDefinition(ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeys.HeaderName,
                Description = "An API key, e.g. `kano_…`. Scopes: admin (everything in its workspace), read (GET only), collect (posting responses).",
            });
            // Relative to wherever the document is served, so Swagger UI calls the server it came from.
            options.AddServer(new OpenApiServer { Url = "/", Description = "This server" });
            options.OperationFilter<ApiKeyRequirementFilter>();
            // A submitted answer's fields are read as tokens; their schemas are AnswerSchemaFilter's, with no component of their own.
            options.MapType<KanoApi.Responses.AnswerToken>(() => new Microsoft.OpenApi.OpenApiSchema());
            options.SchemaFilter<KanoApi.Responses.AnswerSchemaFilter>();
            options.SchemaFilter<KanoApi.Features.FeatureDimension.SchemaFilter>();
            options.SchemaFilter<NullableReferences>();
            options.OperationFilter<IdempotencyKeyHeaderFilter>();
            options.OperationFilter<KanoApi.Responses.Import.CsvUploadOperationFilter>();
            options.OperationFilter<SegmentFilterParameter>();
            options.OperationFilter<KanoApi.Surveys.SurveyScope.SurveyIdParameter>();
            options.OperationFilter<KanoApi.Audiences.StaffAudience.AudienceParameter>();
            options.OperationFilter<KanoApi.Backlog.BacklogExportsDocument>();
            options.SchemaFilter<ExampleSchemaFilter>();
            // Exact generated clients: C# nullability decides "nullable", and TruthfulRequiredFields decides "required".
            options.SupportNonNullableReferenceTypes();
            options.DocumentFilter<TruthfulRequiredFields>();
            options.OperationFilter<SharedParameterDescriptions>();
            // Nested records with the same name (e.g. two "Item" types) must not collide in components/schemas.
            options.CustomSchemaIds(type => SchemaId(type));
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    public static WebApplication UseKanoOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "KanoApi v1");
            options.DocumentTitle = "KanoApi — Swagger UI";
            options.EnablePersistAuthorization();
            options.DisplayOperationId();
            options.EnableTryItOutByDefault();
            // Each operation has its own address (/swagger/#/Analysis/GetAnalysis), to link to from docs and issues.
            options.EnableDeepLinking();
            // No badge from validator.swagger.io: the page may load nothing from elsewhere (its CSP), and documents stay private.
            options.EnableValidator(null);
        });
        return app;
    }

    private static string SchemaId(Type type)
    {
        var name = type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`')] + "Of" + string.Concat(type.GetGenericArguments().Select(SchemaId))
            : type.Name;
        return type.DeclaringType is { } outer ? SchemaId(outer) + name : name;
    }

    /// <summary>
    /// Marks every operation that needs a key with the X-Api-Key requirement, and declares which key scopes may
    /// call it in <c>x-required-scope</c> (e.g. <c>admin or read</c>), the same words as the description.
    /// </summary>
    private sealed class ApiKeyRequirementFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [],
            });

            var scopes = ScopesFor(metadata.OfType<IAuthorizeData>().ToArray());
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-required-scope"] = new JsonNodeExtension(scopes);
            operation.Description = $"{operation.Description}\n\nRequires an API key with scope: **{scopes}**.".Trim();
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No API key, or an unknown or revoked one." });
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = $"The key's scope is not {scopes}." });
            operation.Responses.TryAdd("429", new OpenApiResponse { Description = "Too many requests for this key and address; see Retry-After." });
        }

        /// <summary>Mirrors Policies: no authorize data is the fallback (admin), a policy-less one the default (admin or read).</summary>
        internal static string ScopesFor(IAuthorizeData[] authorize)
        {
            if (authorize.Length == 0)
            {
                return Scopes.Admin;
            }

            // Several policies on one endpoint must all pass: the allowed scopes are their intersection.
            var allowed = authorize
                .Select(data => data.Policy switch
                {
                    Policies.Admin => new[] { Scopes.Admin },
                    Policies.Collect => [Scopes.Admin, Scopes.Collect],
                    Policies.ReadOrCollect => [Scopes.Admin, Scopes.Read, Scopes.Collect],
                    Policies.Read or null => [Scopes.Admin, Scopes.Read],
                    var other => throw new InvalidOperationException($"Unknown authorization policy '{other}': say in OpenApi.cs which scopes it admits."),
                })
                .Aggregate((left, right) => left.Intersect(right).ToArray());
            return string.Join(" or ", allowed);
        }
    }

    /// <summary>Declares the Idempotency-Key header on the endpoints that honour it.</summary>
    private sealed class IdempotencyKeyHeaderFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<AcceptsIdempotencyKeyMetadata>().Any())
            {
                return;
            }

            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Idempotency.HeaderName,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Makes a retry safe: the same key with the same body replays the first answer (header Idempotent-Replayed: true) and stores nothing twice; with another body → 422; while the first is still running → 409. Keys are kept per workspace.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Limits.IdempotencyKeyLength },
            });
        }
    }
}
