using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using KanoApi.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KanoApi.Tests.Security;

public sealed class CollectSurveyRequirementTests
{
    private static async Task<bool> Allows(string scope, long? boundSurvey, string? routeSurvey)
    {
        var claims = new List<Claim> { new(KanoClaims.Scope, scope) };
        if (boundSurvey is { } survey)
        {
            claims.Add(new Claim(KanoClaims.SurveyId, survey.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var http = new DefaultHttpContext();
        if (routeSurvey is not null)
        {
            http.Request.RouteValues = new RouteValueDictionary { [CollectSurveyRequirement.RouteValue] = routeSurvey };
        }

        var requirement = new CollectSurveyRequirement();
        var context = new AuthorizationHandlerContext([requirement], new ClaimsPrincipal(new ClaimsIdentity(claims, "test")), http);
        await requirement.HandleAsync(context);
        return context.HasSucceeded;
    }

    [Theory]
    [InlineData("collect", 7L, "7", true)]
    [InlineData("collect", 7L, "8", false)]
    [InlineData("collect", 7L, "07x", false)]
    [InlineData("collect", 7L, null, false)]
    [InlineData("collect", null, "8", true)]
    [InlineData("admin", null, "8", true)]
    public async Task ABoundCollectKeyPassesOnlyForItsOwnSurvey(string scope, long? bound, string? route, bool allowed)
    {
        Assert.Equal(allowed, await Allows(scope, bound, route));
    }
}

public sealed class ClosedSignUpTests(ClosedSignUpTests.ClosedFactory factory) : IClassFixture<ClosedSignUpTests.ClosedFactory>
{
    public sealed class ClosedFactory : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Kano:BootstrapApiKey"] = AdminKey,
            ["Kano:AllowWorkspaceCreation"] = "false",
        };
    }

    [Fact]
    public async Task WithSignUpTurnedOffCreatingAWorkspaceIsAForbiddenProblem()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/v1/workspaces", new { name = "x" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden);
    }
}
