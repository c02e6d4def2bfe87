using Kano.Analysis;
using KanoApi.Infrastructure;
using KanoApi.Links;

namespace KanoApi.Pages;

/// <summary>
/// The gate of every page a link opens (<c>/f/{token}</c>, <c>/r/{token}</c>): resolves the route's token to a live
/// link of the page's kind, or answers the common 404 page, the same for an unknown, revoked, expired or full link.
/// The page's handler then reaches only <see cref="ActiveLinkOf"/>: one survey of one workspace.
/// </summary>
public static class LinkPages
{
    public const string TokenRouteValue = "token";
    private static readonly object ItemKey = new();

    /// <summary>Marks the endpoint as a public page opened by a link of <paramref name="kind"/> in its <c>{token}</c> route value.</summary>
    public static RouteHandlerBuilder OpenedByLink(this RouteHandlerBuilder builder, string kind) =>
        builder.AsPublicPage().AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var token = http.GetRouteValue(TokenRouteValue) as string;
            var connection = await http.RequestServices.GetRequiredService<Database>().ForRequestAsync(http);
            var link = await LinkStore.ResolveAsync(connection, token, kind, http.RequestAborted);
            if (link is null)
            {
                return PublicPages.LinkNotFound(Languages.Choose(http.Request, Language.English));
            }

            http.Items[ItemKey] = link;
            return await next(context);
        });

    /// <summary>The live link that opened this page (set by <see cref="OpenedByLink"/>).</summary>
    public static ActiveLink ActiveLinkOf(HttpContext context) =>
        context.Items[ItemKey] as ActiveLink ?? throw new InvalidOperationException("This endpoint is not opened by a link; add .OpenedByLink(kind).");
}
