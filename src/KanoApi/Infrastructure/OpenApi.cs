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
            options.OperationFilter<ApiKeyRequirementFilter>();
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

    /// <summary>Marks every operation that needs a key with the X-Api-Key requirement, and says which scope.</summary>
    private sealed class ApiKeyRequirementFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }

            var policies = metadata.OfType<IAuthorizeData>().Select(data => data.Policy).OfType<string>().Distinct().ToArray();
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [],
            });
            if (policies.Length > 0)
            {
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions["x-required-scope"] = new JsonNodeExtension(string.Join(" or ", policies));
                operation.Description = $"{operation.Description}\n\nRequires an API key with scope: **{ScopesFor(policies)}**.".Trim();
            }
        }

        private static string ScopesFor(string[] policies) => string.Join(" or ", policies.Select(policy => policy switch
        {
            Policies.Read => "admin or read",
            Policies.Collect => "admin or collect",
            _ => policy,
        }));
    }
}
