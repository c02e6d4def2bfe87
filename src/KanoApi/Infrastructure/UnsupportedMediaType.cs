using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Template;

namespace KanoApi.Infrastructure;

/// <summary>
/// Makes a 415 say what would have been accepted: the detail names the endpoint's media types and the one received,
/// and the answer carries <c>Accept-Post</c> (W3C Linked Data Platform 1.0 §7.1) or, for PATCH, <c>Accept-Patch</c>
/// (RFC 5789 §3.1), as RFC 9110 §15.5.16 suggests. The framework answers 415 in two places: routing, when no
/// endpoint at the address accepts the Content-Type (it then runs a stand-in endpoint that knows nothing of the
/// real one), and the JSON body reader. So the accepted types are read from every endpoint that serves this method
/// and address, not only from the endpoint that answered.
/// </summary>
internal static class UnsupportedMediaType
{
    public static void Describe(HttpContext context, ProblemDetails problem)
    {
        var accepted = AcceptedAt(context);
        if (accepted.Count == 0)
        {
            return;
        }

        var request = context.Request;
        var received = string.IsNullOrWhiteSpace(request.ContentType) ? "no Content-Type"
            : request.ContentType.Length <= 100 ? $"Content-Type '{request.ContentType}'"
            : $"Content-Type '{request.ContentType[..100]}…'";
        problem.Title = "Unsupported media type";
        problem.Detail = $"This endpoint accepts {string.Join(" or ", accepted)}; the request was sent with {received}.";
        var header = HttpMethods.IsPatch(request.Method) ? "Accept-Patch" : HttpMethods.IsPost(request.Method) ? "Accept-Post" : null;
        if (header is not null)
        {
            context.Response.Headers[header] = string.Join(", ", accepted);
        }
    }

    private static List<string> AcceptedAt(HttpContext context)
    {
        var accepted = new List<string>();
        void AddFrom(Endpoint endpoint)
        {
            foreach (var type in endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [])
            {
                if (!accepted.Contains(type, StringComparer.OrdinalIgnoreCase))
                {
                    accepted.Add(type);
                }
            }
        }

        if (context.GetEndpoint() is { } current && current.Metadata.GetMetadata<IAcceptsMetadata>() is not null)
        {
            AddFrom(current);
            return accepted;
        }

        var sources = context.RequestServices.GetService<EndpointDataSource>();
        foreach (var endpoint in sources?.Endpoints.OfType<RouteEndpoint>() ?? [])
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (methods is not null && !methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary()).TryMatch(context.Request.Path, new RouteValueDictionary()))
            {
                AddFrom(endpoint);
            }
        }

        return accepted;
    }
}
