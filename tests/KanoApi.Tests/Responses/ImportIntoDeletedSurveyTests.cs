using System.Net;
using KanoApi.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KanoApi.Tests.Responses;

/// <summary>
/// A survey deleted while its import uploads (after the handler found it, before the import's transaction) is not found:
/// a 404 for the survey, not a 400 about features the deleted survey no longer has.
/// </summary>
public sealed class ImportIntoDeletedSurveyTests(ImportIntoDeletedSurveyTests.Factory factory) : IClassFixture<ImportIntoDeletedSurveyTests.Factory>
{
    public sealed class Factory : KanoApiFactory;

    private readonly HttpClient client = factory.CreateAdminClient();

    [Fact]
    public async Task AnImportIntoASurveyDeletedWhileTheFileUploadsIsNotFoundForTheSurvey()
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        var body = new PausedContent("respondentId,wifi.functional,wifi.dysfunctional\nlate-1,like,dislike\n", "late-2,must-be,dislike\n");
        body.Headers.ContentType = new("text/csv");
        var staging = factory.Services.GetRequiredService<Database>().StagingFolder;

        var import = factory.CreateStreamingAdminClient().PostAsync($"/v1/surveys/{surveyId}/responses/import", body);
        // The handler has found the survey and stages the file (what it does only after that check).
        while (!(Directory.Exists(staging) && Directory.EnumerateFiles(staging).Any()) && !import.IsCompleted)
        {
            await Task.Delay(10);
        }

        Assert.False(import.IsCompleted, "the import answered before its upload ended");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/surveys/{surveyId}")).StatusCode);
        body.Resume.SetResult();

        var problem = await ProblemAssert.IsProblem(await import, HttpStatusCode.NotFound);
        Assert.Contains($"survey {surveyId}", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await factory.StoredRespondents(surveyId));
    }
}
