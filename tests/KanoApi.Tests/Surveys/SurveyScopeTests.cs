using System.Net;
using System.Text;
using KanoApi.Surveys;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KanoApi.Tests.Surveys;

/// <summary>
/// Every endpoint under /v1/surveys/{surveyId} is opened by its survey (<see cref="SurveyScope"/>): the survey is looked
/// up once, in the caller's workspace, and a survey the workspace does not have is answered with one 404 problem,
/// whichever resource the route belongs to. The routes are read from the host's own endpoint data source, so a route
/// added later under a survey is checked without naming it here.
/// </summary>
public sealed class SurveyScopeTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private const long MissingSurvey = 987_654_321;

    [Fact]
    public void EveryRouteUnderASurveyIsOpenedByItsSurvey()
    {
        var routes = RoutesUnderASurvey();

        // Surveys, features, wordings, responses, analysis, waves, backlog, report, respondent quality, links, questionnaire.
        Assert.True(routes.Count >= 25, $"expected every survey-scoped route, found {routes.Count}: {string.Join(", ", routes.Select(Describe))}");
        var escaped = routes.Where(route => !SurveyScope.IsOpenedBySurvey(route)).Select(Describe).ToArray();
        Assert.True(escaped.Length == 0, "mapped outside MapSurveyScope: " + string.Join(", ", escaped));
    }

    [Fact]
    public async Task AMissingSurveyIsTheSame404ProblemOnEveryRouteUnderIt()
    {
        var client = factory.CreateAdminClient();
        foreach (var (route, method) in RoutesUnderASurvey().SelectMany(route => MethodsOf(route).Select(method => (route, method))))
        {
            await AssertSurveyNotFound(client, route, method, MissingSurvey);
        }
    }

    [Fact]
    public async Task AnotherWorkspacesSurveyIsTheSame404ProblemOnEveryRouteUnderIt()
    {
        var other = factory.CreateClientWithKey(await Given.AKey(factory, "admin", inNewWorkspace: true));
        var theirs = await Given.ASurveyWithFeatures(other, "dark-mode");
        var client = factory.CreateAdminClient();
        foreach (var (route, method) in RoutesUnderASurvey().SelectMany(route => MethodsOf(route).Select(method => (route, method))))
        {
            await AssertSurveyNotFound(client, route, method, theirs);
        }

        // And nothing was done to it: the owner still finds it with its feature.
        var survey = await (await other.GetAsync($"/v1/surveys/{theirs}")).Json();
        Assert.Equal(1, survey.GetProperty("features").GetInt32());
    }

    private async Task AssertSurveyNotFound(HttpClient client, RouteEndpoint route, string method, long surveyId)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), AddressOf(route, surveyId));
        if (method is "POST" or "PUT" or "PATCH")
        {
            // A body the endpoint accepts, so that the answer is about the survey, not the media type.
            var type = route.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json";
            request.Content = new StringContent(type == "application/json" ? "{}" : "respondentId\n", Encoding.UTF8);
            request.Content.Headers.ContentType = new(type);
        }

        var response = await client.SendAsync(request);
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound);
        Assert.True(
            problem.GetProperty("detail").GetString() == $"There is no survey {surveyId} in this workspace.",
            $"{method} {request.RequestUri}: {problem}");
    }

    private List<RouteEndpoint> RoutesUnderASurvey() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(route => route.RoutePattern.RawText?.TrimStart('/').StartsWith("v1/surveys/{surveyId", StringComparison.Ordinal) == true)
            .ToList();

    private static IEnumerable<string> MethodsOf(RouteEndpoint route) =>
        route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    /// <summary>The route's address for <paramref name="surveyId"/>, with "1" for every other parameter (a feature, a respondent, a link).</summary>
    private static string AddressOf(RouteEndpoint route, long surveyId) =>
        "/" + string.Join("/", route.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: SurveyScope.SurveyIdRouteValue } => surveyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "1",
            _ => "",
        }))));

    private static string Describe(RouteEndpoint route) =>
        $"{string.Join("|", MethodsOf(route))} {route.RoutePattern.RawText}";
}
