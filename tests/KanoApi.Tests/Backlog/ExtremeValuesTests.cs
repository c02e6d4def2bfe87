using System.Net;
using System.Net.Http.Headers;
using CsCheck;
using Kano.Analysis;

namespace KanoApi.Tests.Backlog;

/// <summary>
/// Extreme but accepted values of every numeric input, through every read representation over HTTP: no 5xx and no
/// NaN or Infinity anywhere. Values outside the documented ranges are refused at input with a 400 naming the field.
/// </summary>
public sealed class ExtremeValuesTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    [Theory]
    [InlineData("1e-320")]
    [InlineData("1.7e308")]
    [InlineData("0.009")]
    [InlineData("1000000.5")]
    public async Task EffortOutsideTheDocumentedRangeIsRefusedNamingTheField(string effort)
    {
        var surveyId = await Given.ASurvey(client);
        var created = await client.SendAsync(Given.JsonRequest(HttpMethod.Post, $"/v1/surveys/{surveyId}/features",
            $$"""{"key":"tiny","name":"Tiny","effort":{{effort}}}"""));
        var errors = await ProblemAssert.IsValidationProblem(created);
        Assert.Contains("0.01", errors["effort"][0], StringComparison.Ordinal);

        await Given.AFeature(client, surveyId, "ok", effort: 1);
        var changed = await client.SendAsync(Given.JsonRequest(HttpMethod.Patch, $"/v1/surveys/{surveyId}/features/ok", $$"""{"effort":{{effort}}}"""));
        Assert.Contains("effort", (await ProblemAssert.IsValidationProblem(changed)).Keys);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(1_000_000)]
    public async Task EffortAtEitherEndOfTheRangeIsAccepted(double effort)
    {
        var surveyId = await Given.ASurvey(client);
        await Given.AFeature(client, surveyId, "edge", effort: effort);
    }

    private sealed record Case(double[] Efforts, int?[] Importance, int?[] Satisfaction, int Respondents, string Threshold, string MaxQuestionable, string Lang);

    private static readonly Gen<double> Effort = Gen.Frequency(
        (2, Gen.Const(0.01)), (2, Gen.Const(1_000_000.0)), (1, Gen.Const(0.010000001)), (1, Gen.Const(999_999.99)),
        (2, Gen.Double[0.01, 1_000_000]));

    private static readonly Gen<Case> Cases = Gen.Select(
        // A survey at the feature limit now and then (200: Limits.FeaturesPerSurvey), else a few features.
        Gen.Frequency((6, Effort.Array[1, 4]), (1, Effort.Array[200])),
        Gen.OneOf<int?>(null, 1, 9).Array[1, 4],
        Gen.OneOf<int?>(null, 1, 5).Array[1, 4],
        Gen.Frequency((4, Gen.Int[0, 3]), (1, Gen.Const(1000))),
        Gen.OneOf("0", "100", "0.01", "99.99", "6"),
        Gen.OneOf("0", "2147483647", "1", ""),
        Gen.OneOf("en", "vi"),
        (efforts, importance, satisfaction, respondents, threshold, maxQuestionable, lang) =>
            new Case(efforts, importance, satisfaction, respondents, threshold, maxQuestionable, lang));

    [Fact]
    public async Task EveryReadAnswersFiniteNumbersForExtremeButAcceptedValues()
    {
        // Each sample makes a survey through the API and reads it in every representation, so the run is kept small.
        await Cases.SampleAsync(async sample =>
        {
            var surveyId = await Given.ASurvey(client, "extreme");
            var keys = new List<string>();
            for (var f = 0; f < sample.Efforts.Length; f++)
            {
                keys.Add($"f{f}-x");
                await Given.AFeature(client, surveyId, keys[f], effort: sample.Efforts[f]);
            }

            // At 200 features a batch of 500 respondents would pass the 1 MB body limit: a few respondents suffice there.
            var respondentCount = sample.Efforts.Length > 4 ? Math.Min(sample.Respondents, 3) : sample.Respondents;
            var respondents = Enumerable.Range(0, respondentCount).Select(r => new TestRespondent(
                $"r{r}", "w", new Dictionary<string, string> { ["plan"] = r % 2 == 0 ? "a" : "b" },
                keys.Select((key, f) => (key, f)).ToDictionary(
                    pair => pair.key,
                    pair => new FeatureAnswer(
                        (Answer)(1 + (r + pair.f) % 5), (Answer)(1 + (r * 3 + pair.f) % 5),
                        sample.Importance[(r + pair.f) % sample.Importance.Length],
                        sample.Satisfaction[(r + pair.f) % sample.Satisfaction.Length])))).ToList();
            await Given.Responses(client, surveyId, respondents);

            var options = $"threshold={sample.Threshold}&lang={sample.Lang}" + (sample.MaxQuestionable.Length > 0 ? $"&maxQuestionable={sample.MaxQuestionable}" : "");
            foreach (var (path, accept) in new[]
                     {
                         ("analysis", "application/json"), ("analysis", "text/csv"), ("analysis/segments?by=plan&", "application/json"),
                         ("analysis/chart.svg", "image/svg+xml"), ("backlog", "application/json"), ("backlog", "text/csv"),
                         ("backlog?format=jira&", "text/csv"), ("backlog?format=linear&", "text/csv"),
                         ("backlog?format=github&", "application/json"), ("backlog?format=markdown&", "text/markdown"),
                         ("respondent-quality", "application/json"),
                     })
            {
                var separator = path.EndsWith('&') ? "" : "?";
                var query = path.StartsWith("respondent-quality", StringComparison.Ordinal)
                    ? (sample.MaxQuestionable.Length > 0 ? $"maxQuestionable={sample.MaxQuestionable}" : "")
                    : options;
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/{path}{separator}{query}");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} ({accept}) answered {(int)response.StatusCode}: {body}");
                Assert.DoesNotContain("NaN", body, StringComparison.Ordinal);
                Assert.DoesNotContain("Infinity", body, StringComparison.Ordinal);
                Assert.DoesNotContain("∞", body, StringComparison.Ordinal);
            }
        }, iter: 20, threads: 1);
    }
}
