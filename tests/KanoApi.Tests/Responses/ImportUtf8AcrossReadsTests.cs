using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace KanoApi.Tests.Responses;

/// <summary>
/// The upload is checked to be UTF-8 as it streams to disk, a read at a time: a character whose bytes are split between
/// two reads is one character, not an invalid byte.
/// </summary>
public sealed class ImportUtf8AcrossReadsTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    [Theory]
    [InlineData("text/csv")]
    [InlineData("multipart/form-data")]
    public async Task AVietnameseFileWhoseCharactersStraddleTheReadsIsImported(string upload)
    {
        var surveyId = await Given.ASurveyWithFeatures(client, "wifi");
        // Three-byte characters (ệ, ữ) in every row: some of them fall across every read's end.
        var csv = new StringBuilder("respondentId,segment.vùng,wifi.functional,wifi.dysfunctional\n");
        for (var i = 0; i < 2000; i++)
        {
            csv.Append($"người-{i},Miền Bắc Việt Nam ữệữệ,like,dislike\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        HttpContent content;
        if (upload == "text/csv")
        {
            content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } };
        }
        else
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "answers.csv");
            content = form;
        }

        var response = await client.PostAsync($"/v1/surveys/{surveyId}/responses/import", content);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(2000, (await response.Json()).GetProperty("stored").GetInt32());
    }
}
