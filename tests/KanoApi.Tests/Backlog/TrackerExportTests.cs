using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kano.Analysis;

namespace KanoApi.Tests.Backlog;

/// <summary>
/// GET …/backlog?format=jira|linear|github|markdown: each export read back as its tracker's importer reads it
/// (<see cref="TrackerReaders"/>), with every item in backlog order, the documented priorities, the rationale in the
/// chosen language, a stable external id and user names that survive whatever they hold.
/// </summary>
public sealed class TrackerExportTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    private readonly HttpClient client = factory.CreateAdminClient();

    private static readonly string[] DocumentedJiraPriorities = ["Highest", "High", "Medium", "Low", "Lowest"];

    /// <summary>The documented mapping: the backlog's tiers, in order, to each tracker's priority names.</summary>
    private static readonly Dictionary<string, (string Jira, int Linear, string GitHub)> Priority = new()
    {
        [Kano.Analysis.Backlog.FixFirst] = ("Highest", 1, "priority: urgent"),
        [Kano.Analysis.Backlog.Improve] = ("High", 2, "priority: high"),
        [Kano.Analysis.Backlog.Delight] = ("Medium", 3, "priority: medium"),
        [Kano.Analysis.Backlog.Upkeep] = ("Low", 4, "priority: low"),
    };

    /// <summary>
    /// A survey with an item in every tier: basic (fix-first), expected, delighter, a basic feature customers already
    /// rate 5 (upkeep), plus an indifferent and an unanswered feature for the review list.
    /// </summary>
    private async Task<long> SurveyWithEveryTierAsync(params (string Key, string Name)[] names)
    {
        var surveyId = await Given.ASurvey(client, "Every tier");
        var answers = new Dictionary<string, FeatureAnswer>
        {
            ["basic"] = new(Answer.Neutral, Answer.Dislike, 8, 2),
            ["expected"] = new(Answer.Like, Answer.Dislike, 7, 3),
            ["delighter"] = new(Answer.Like, Answer.Neutral, 5, 3),
            ["kept-up"] = new(Answer.Neutral, Answer.Dislike, 6, 5),
            ["indifferent"] = new(Answer.Neutral, Answer.Neutral),
        };
        foreach (var key in answers.Keys.Append("unanswered"))
        {
            var name = names.FirstOrDefault(entry => entry.Key == key).Name;
            await Given.AFeature(client, surveyId, key, name ?? $"Feature {key}", effort: 2);
        }

        await Given.Responses(client, surveyId, Enumerable.Range(1, 12).Select(r => new TestRespondent(
            $"r{r}", "w1", new Dictionary<string, string> { ["plan"] = r % 2 == 0 ? "pro" : "free" }, answers)));
        return surveyId;
    }

    private async Task<(HttpResponseMessage Response, string Body)> GetAsync(string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }

        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> ExportAsync(long surveyId, string format, string options = "")
    {
        var (response, body) = await GetAsync($"/v1/surveys/{surveyId}/backlog?format={format}{options}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }

    private async Task<JsonElement> BacklogAsync(long surveyId, string options = "")
    {
        var (response, body) = await GetAsync($"/v1/surveys/{surveyId}/backlog?format=json{options}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static string ExternalId(long surveyId, JsonElement item) => $"kano-{surveyId}-{item.GetProperty("featureId").GetInt64()}";

    /// <summary>
    /// The facts every export item carries, as the JSON states them (rounded as the request asked); a Markdown
    /// description is read as its text, escapes undone.
    /// </summary>
    private static void CarriesTheItemsFacts(string description, JsonElement item, long surveyId, bool markdown = false)
    {
        description = markdown ? TrackerReaders.MarkdownUnescape(description) : description;
        Assert.Contains(item.GetProperty("rationale").GetString()!, description, StringComparison.Ordinal);
        Assert.Contains(item.GetProperty("label").GetString()!, description, StringComparison.Ordinal);
        Assert.Contains(item.GetProperty("actionLabel").GetString()!, description, StringComparison.Ordinal);
        foreach (var number in new[]
                 {
                     item.GetProperty("better"), item.GetProperty("worse"),
                     item.GetProperty("betterInterval").GetProperty("low"), item.GetProperty("betterInterval").GetProperty("high"),
                     item.GetProperty("worseInterval").GetProperty("low"), item.GetProperty("worseInterval").GetProperty("high"),
                     item.GetProperty("importanceMean"), item.GetProperty("satisfactionMean"), item.GetProperty("score"),
                 })
        {
            Assert.Contains(number.GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture), description, StringComparison.Ordinal);
        }

        Assert.Matches($@"http://localhost/v1/surveys/{surveyId}/report\?[^\s)]*#backlog", description);
        Assert.Contains(ExternalId(surveyId, item), description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheJiraExportIsReadByJirasCsvImporterWithEveryItemInBacklogOrderAndTheDocumentedPriorities()
    {
        var surveyId = await SurveyWithEveryTierAsync();
        var items = (await BacklogAsync(surveyId)).GetProperty("items").EnumerateArray().ToArray();
        var issues = TrackerReaders.Jira(await ExportAsync(surveyId, "jira"));

        Assert.Equal(["fix-first", "improve", "delight", "upkeep"], items.Select(item => item.GetProperty("action").GetString()));
        Assert.Equal(items.Select(item => item.GetProperty("name").GetString()), issues.Select(issue => issue.Summary));
        for (var k = 0; k < items.Length; k++)
        {
            var (item, issue) = (items[k], issues[k]);
            Assert.Equal("Task", issue.IssueType);
            Assert.Equal(Priority[item.GetProperty("action").GetString()!].Jira, issue.Priority);
            Assert.Contains(issue.Priority, DocumentedJiraPriorities);
            Assert.Equal(
                ["kano", $"kano-{item.GetProperty("category").GetString()}", $"kano-{item.GetProperty("action").GetString()}", ExternalId(surveyId, item)],
                issue.Labels);
            Assert.All(issue.Labels, label => Assert.DoesNotContain(' ', label));
            CarriesTheItemsFacts(issue.Description, item, surveyId);
        }
    }

    [Fact]
    public async Task TheLinearExportIsReadByLinearsCsvImporterWithTheExternalIdAsItsId()
    {
        var surveyId = await SurveyWithEveryTierAsync();
        var items = (await BacklogAsync(surveyId)).GetProperty("items").EnumerateArray().ToArray();
        var issues = TrackerReaders.Linear(await ExportAsync(surveyId, "linear"));

        Assert.Equal(items.Select(item => ExternalId(surveyId, item)), issues.Select(issue => issue.ExternalId));
        Assert.Equal(items.Select(item => item.GetProperty("name").GetString()), issues.Select(issue => issue.Title));
        for (var k = 0; k < items.Length; k++)
        {
            var (item, issue) = (items[k], issues[k]);
            Assert.Equal(Priority[item.GetProperty("action").GetString()!].Linear, issue.Priority);
            Assert.Equal(["kano", $"kano-{item.GetProperty("category").GetString()}", $"kano-{item.GetProperty("action").GetString()}"], issue.Labels);
            CarriesTheItemsFacts(issue.Description, item, surveyId, markdown: true);
        }
    }

    [Fact]
    public async Task TheGitHubExportIsAListOfCreateIssueBodiesInBacklogOrder()
    {
        var surveyId = await SurveyWithEveryTierAsync();
        var items = (await BacklogAsync(surveyId)).GetProperty("items").EnumerateArray().ToArray();
        var (response, json) = await GetAsync($"/v1/surveys/{surveyId}/backlog?format=github");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var issues = TrackerReaders.GitHub(json);

        Assert.Equal(items.Select(item => item.GetProperty("name").GetString()), issues.Select(issue => issue.Title));
        for (var k = 0; k < items.Length; k++)
        {
            var (item, issue) = (items[k], issues[k]);
            Assert.Equal(
                ["kano", $"kano-{item.GetProperty("category").GetString()}", $"kano-{item.GetProperty("action").GetString()}", Priority[item.GetProperty("action").GetString()!].GitHub],
                issue.Labels!);
            CarriesTheItemsFacts(issue.Body!, item, surveyId, markdown: true);
            Assert.Contains($"[Kano report](http://localhost/v1/surveys/{surveyId}/report?", issue.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheMarkdownExportHasARowPerItemInOrderAndTheReviewList()
    {
        var surveyId = await SurveyWithEveryTierAsync();
        var backlog = await BacklogAsync(surveyId);
        var items = backlog.GetProperty("items").EnumerateArray().ToArray();
        var (response, markdown) = await GetAsync($"/v1/surveys/{surveyId}/backlog", "text/markdown");
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        var lines = markdown.Split('\n');

        Assert.Equal("# Every tier", lines[0]);
        var tables = lines.Select((line, index) => (line, index)).Where(entry => entry.line.StartsWith("|---", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, tables.Length);
        var header = TrackerReaders.MarkdownRow(lines[tables[0].index - 1]);
        var rows = lines.Skip(tables[0].index + 1).TakeWhile(line => line.StartsWith('|')).Select(TrackerReaders.MarkdownRow).ToArray();
        Assert.Equal(items.Length, rows.Length);
        for (var k = 0; k < items.Length; k++)
        {
            Assert.Equal(header.Length, rows[k].Length);
            Assert.Equal((k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), rows[k][0]);
            Assert.Equal(items[k].GetProperty("name").GetString(), rows[k][1]);
            Assert.Equal($"`{ExternalId(surveyId, items[k])}`", rows[k][^1]);
            Assert.Contains($"### {k + 1}. {items[k].GetProperty("name").GetString()}", lines);
            Assert.Contains(items[k].GetProperty("rationale").GetString()!, TrackerReaders.MarkdownUnescape(markdown), StringComparison.Ordinal);
        }

        var review = lines.Skip(tables[1].index + 1).TakeWhile(line => line.StartsWith('|')).Select(TrackerReaders.MarkdownRow).ToArray();
        Assert.Equal(
            backlog.GetProperty("review").EnumerateArray().Select(item => item.GetProperty("name").GetString()),
            review.Select(row => row[0]));
    }

    [Fact]
    public async Task EveryExportSpeaksTheChosenLanguage()
    {
        var surveyId = await SurveyWithEveryTierAsync();
        foreach (var lang in new[] { "en", "vi" })
        {
            var items = (await BacklogAsync(surveyId, $"&lang={lang}")).GetProperty("items").EnumerateArray().ToArray();
            var jira = TrackerReaders.Jira(await ExportAsync(surveyId, "jira", $"&lang={lang}"));
            var linear = TrackerReaders.Linear(await ExportAsync(surveyId, "linear", $"&lang={lang}"));
            var github = TrackerReaders.GitHub(await ExportAsync(surveyId, "github", $"&lang={lang}"));
            var markdown = TrackerReaders.MarkdownUnescape(await ExportAsync(surveyId, "markdown", $"&lang={lang}"));
            for (var k = 0; k < items.Length; k++)
            {
                var rationale = items[k].GetProperty("rationale").GetString()!;
                Assert.Contains(rationale, jira[k].Description, StringComparison.Ordinal);
                Assert.Contains(rationale, TrackerReaders.MarkdownUnescape(linear[k].Description), StringComparison.Ordinal);
                Assert.Contains(rationale, TrackerReaders.MarkdownUnescape(github[k].Body!), StringComparison.Ordinal);
                Assert.Contains(rationale, markdown, StringComparison.Ordinal);
                Assert.Contains($"lang={lang}#backlog", jira[k].Description, StringComparison.Ordinal);
            }

            var words = lang == "vi" ? ("Mức quan trọng (1-9)", "Yếu tố cơ bản") : ("Importance (1-9)", "Basic need");
            Assert.Contains(words.Item1, jira[0].Description, StringComparison.Ordinal);
            Assert.Contains(words.Item2, github[0].Body, StringComparison.Ordinal);
        }

        // Accept-Language chooses too, when lang is not given.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/backlog?format=jira");
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("vi"));
        var response = await client.SendAsync(request);
        Assert.Contains("Yếu tố cơ bản", TrackerReaders.Jira(await response.Content.ReadAsStringAsync())[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondExportAfterMoreAnswersAndARenameCarriesTheSameExternalIdForEachFeature()
    {
        var surveyId = await SurveyWithEveryTierAsync();
        var first = TrackerReaders.Linear(await ExportAsync(surveyId, "linear"));
        var firstJira = TrackerReaders.Jira(await ExportAsync(surveyId, "jira"));

        // The delighter becomes the most wanted feature and is renamed and re-keyed: the order and names change, the ids do not.
        var renamed = await client.PatchAsJsonAsync($"/v1/surveys/{surveyId}/features/delighter", new { key = "wow", name = "Wow factor" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        await Given.Responses(client, surveyId, Enumerable.Range(1, 30).Select(r => new TestRespondent(
            $"more-{r}", "w2", new Dictionary<string, string>(),
            new Dictionary<string, FeatureAnswer> { ["wow"] = new(Answer.Like, Answer.Neutral, 9, 1) })));
        var second = TrackerReaders.Linear(await ExportAsync(surveyId, "linear"));
        var secondJira = TrackerReaders.Jira(await ExportAsync(surveyId, "jira"));

        Assert.Equal(first.Select(issue => issue.ExternalId).Order(), second.Select(issue => issue.ExternalId).Order());
        var renamedId = second.Single(issue => issue.Title == "Wow factor").ExternalId;
        Assert.Equal("Feature delighter", first.Single(issue => issue.ExternalId == renamedId).Title);
        Assert.Equal(first.Select(issue => issue.ExternalId).Order(), firstJira.Select(issue => issue.Labels[^1]).Order());
        Assert.Equal(second.Select(issue => issue.ExternalId), secondJira.Select(issue => issue.Labels[^1]));
    }

    [Fact]
    public async Task NamesWithCommasQuotesLineBreaksPipesMarkupAndFormulasSurviveEveryExportSafely()
    {
        var names = new (string Key, string Name)[]
        {
            ("basic", "=HYPERLINK(\"http://evil\",\"click\")"),
            ("expected", "Fast, \"cheap\"\r\ncheckout\tnow"),
            ("delighter", "a | b \\| c *bold* _it_ [x](http://y) <b>html</b> &amp; #5 `code` ~s~"),
            ("kept-up", "x;=1+1, @SUM(A1)"),
            ("indifferent", "-2 | +3"),
        };
        var surveyId = await SurveyWithEveryTierAsync(names);
        var items = (await BacklogAsync(surveyId)).GetProperty("items").EnumerateArray().ToArray();
        string OneLine(string name) => string.Join(' ', name.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var expected = items.Select(item => OneLine(item.GetProperty("name").GetString()!)).ToArray();

        // Jira keeps the "'" a spreadsheet needs before a leading formula character; nothing else changes but line breaks.
        var jira = TrackerReaders.Jira(await ExportAsync(surveyId, "jira"));
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"click\")", jira[0].Summary);
        Assert.Equal("Fast, \"cheap\" checkout now", jira[1].Summary);
        Assert.Equal("x;'=1+1, @SUM(A1)", jira.Single(issue => issue.Summary.StartsWith("x;", StringComparison.Ordinal)).Summary);
        Assert.All(jira, issue => Assert.DoesNotMatch(@"[\r\n\t]", issue.Summary));
        Assert.All(TrackerReaders.Rfc4180(await ExportAsync(surveyId, "jira")).SelectMany(row => row), cell =>
            Assert.False(cell.Length > 0 && "=+-@".Contains(cell[0], StringComparison.Ordinal), $"a cell starts with a formula: {cell}"));

        // Linear strips the leading "'" as it does for its own exports, so the title is the name.
        var linear = TrackerReaders.Linear(await ExportAsync(surveyId, "linear"));
        Assert.Equal(expected[0], linear[0].Title);
        Assert.Equal(expected[1], linear[1].Title);

        // JSON and Markdown have no formulas: the name is kept as written (on one line).
        var github = TrackerReaders.GitHub(await ExportAsync(surveyId, "github"));
        Assert.Equal(expected, github.Select(issue => issue.Title));

        var markdown = await ExportAsync(surveyId, "markdown");
        var lines = markdown.Split('\n');
        var delimiter = Array.FindIndex(lines, line => line.StartsWith("|---", StringComparison.Ordinal));
        var header = TrackerReaders.MarkdownRow(lines[delimiter - 1]);
        var rows = lines.Skip(delimiter + 1).TakeWhile(line => line.StartsWith('|')).Select(TrackerReaders.MarkdownRow).ToArray();
        Assert.All(rows, row => Assert.Equal(header.Length, row.Length));
        Assert.Equal(expected, rows.Select(row => row[1]));
        Assert.DoesNotContain("<b>", markdown, StringComparison.Ordinal);
        Assert.Contains("\\<b\\>html\\</b\\>", markdown, StringComparison.Ordinal);
        var review = lines.Skip(Array.FindLastIndex(lines, line => line.StartsWith("|---", StringComparison.Ordinal)) + 1)
            .TakeWhile(line => line.StartsWith('|')).Select(TrackerReaders.MarkdownRow).ToArray();
        Assert.Contains("-2 | +3", review.Select(row => row[0]));
    }

    [Fact]
    public async Task AnUnknownFormatIsAProblemNamingTheAcceptedValuesAlongWithOtherBadOptions()
    {
        var surveyId = await SurveyWithEveryTierAsync();
        var response = await client.GetAsync($"/v1/surveys/{surveyId}/backlog?format=trello&lang=fr");
        var errors = await ProblemAssert.IsValidationProblem(response);
        Assert.Equal("'trello' is not a backlog format; allowed: json, csv, jira, linear, github, markdown", errors["format"][0]);
        Assert.Contains("lang", errors.Keys);
    }

    [Fact]
    public async Task AnEmptyBacklogExportsAHeaderAnEmptyListAndADocumentThatSaysSo()
    {
        var surveyId = await Given.ASurvey(client, "Nothing yet");
        await Given.AFeature(client, surveyId, "lonely");

        var jira = TrackerReaders.Rfc4180(await ExportAsync(surveyId, "jira"));
        Assert.Equal(["Summary", "Issue Type", "Priority", "Description", "Labels", "Labels", "Labels", "Labels"], Assert.Single(jira));
        Assert.Equal("Id", Assert.Single(TrackerReaders.Rfc4180(await ExportAsync(surveyId, "linear")))[0]);
        Assert.Empty(TrackerReaders.GitHub(await ExportAsync(surveyId, "github")));
        var markdown = await ExportAsync(surveyId, "markdown");
        Assert.Contains("No feature is basic, expected or a delighter yet.", markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| lonely \| [^|]+ \| Collect answers \|", markdown);
    }

    [Fact]
    public async Task EachFormatHasItsOwnTagAndAnswersNotModifiedToItsOwnTag()
    {
        var surveyId = await SurveyWithEveryTierAsync();
        var tags = new List<string>();
        foreach (var format in new[] { "json", "csv", "jira", "linear", "github", "markdown" })
        {
            var (response, _) = await GetAsync($"/v1/surveys/{surveyId}/backlog?format={format}");
            var tag = response.Headers.ETag!.ToString();
            tags.Add(tag);
            using var again = new HttpRequestMessage(HttpMethod.Get, $"/v1/surveys/{surveyId}/backlog?format={format}");
            again.Headers.TryAddWithoutValidation("If-None-Match", tag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

            // The same request again is served from memory, byte for byte.
            var (first, firstBody) = await GetAsync($"/v1/surveys/{surveyId}/backlog?format={format}");
            var (second, secondBody) = await GetAsync($"/v1/surveys/{surveyId}/backlog?format={format}");
            Assert.Equal(firstBody, secondBody);
            Assert.Equal(first.Content.Headers.ContentType?.ToString(), second.Content.Headers.ContentType?.ToString());
        }

        Assert.Equal(tags.Count, tags.Distinct().Count());

        // format wins over Accept; without it, Accept chooses.
        var (csvByAccept, _) = await GetAsync($"/v1/surveys/{surveyId}/backlog", "text/csv");
        Assert.Equal(tags[1], csvByAccept.Headers.ETag!.ToString());
        var (jiraOverAccept, _) = await GetAsync($"/v1/surveys/{surveyId}/backlog?format=jira", "text/markdown");
        Assert.Equal(tags[2], jiraOverAccept.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task TheReportLinkOpensTheSameViewOfTheReport()
    {
        var surveyId = await SurveyWithEveryTierAsync();
        var github = TrackerReaders.GitHub(await ExportAsync(surveyId, "github", "&segment[plan]=pro&wave=w1&maxQuestionable=0&rule=mode&lang=vi"));
        var link = System.Text.RegularExpressions.Regex.Match(github[0].Body!, @"\]\((http://localhost[^)]*)\)").Groups[1].Value;
        var uri = new Uri(link);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        Assert.Equal("pro", query["segment.plan"]);
        Assert.Equal("w1", query["wave"]);
        Assert.Equal("0", query["maxQuestionable"]);
        Assert.Equal("mode", query["rule"]);
        Assert.Equal("vi", query["lang"]);
        Assert.Equal("#backlog", uri.Fragment);

        var report = await client.GetAsync(uri.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("text/html", report.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PrecisionFullCarriesTheUnroundedNumbersIntoTheExports()
    {
        var surveyId = await SurveyWithEveryTierAsync();
        var items = (await BacklogAsync(surveyId, "&precision=full")).GetProperty("items").EnumerateArray().ToArray();
        var jira = TrackerReaders.Jira(await ExportAsync(surveyId, "jira", "&precision=full"));
        var rounded = TrackerReaders.Jira(await ExportAsync(surveyId, "jira"));
        for (var k = 0; k < items.Length; k++)
        {
            CarriesTheItemsFacts(jira[k].Description, items[k], surveyId);
        }

        Assert.NotEqual(rounded.Select(issue => issue.Description), jira.Select(issue => issue.Description));
    }

    [Fact]
    public async Task TheOpenApiDocumentDeclaresEveryFormatWithAnExample()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var operation = document.RootElement.GetProperty("paths").GetProperty("/v1/surveys/{surveyId}/backlog").GetProperty("get");
        var format = operation.GetProperty("parameters").EnumerateArray().Single(parameter => parameter.GetProperty("name").GetString() == "format");
        Assert.Equal(["json", "csv", "jira", "linear", "github", "markdown"], format.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(value => value.GetString()));

        var content = operation.GetProperty("responses").GetProperty("200").GetProperty("content");
        var examples = new Dictionary<string, string[]>
        {
            ["application/json"] = ["json", "github"],
            ["text/csv"] = ["csv", "jira", "linear"],
            ["text/markdown"] = ["markdown"],
        };
        foreach (var (mediaType, names) in examples)
        {
            var declared = content.GetProperty(mediaType).GetProperty("examples");
            Assert.Equal(names, declared.EnumerateObject().Select(example => example.Name));
        }

        // The examples are the exports' own output: the Jira one reads back as Jira reads it.
        var jira = content.GetProperty("text/csv").GetProperty("examples").GetProperty("jira").GetProperty("value").GetString()!;
        Assert.Equal(["Fast checkout", "Order tracking"], TrackerReaders.Jira(jira).Select(issue => issue.Summary));
        var github = content.GetProperty("application/json").GetProperty("examples").GetProperty("github").GetProperty("value").GetRawText();
        Assert.Equal(2, TrackerReaders.GitHub(github).Length);
    }
}

public sealed class TrackerExportPublicAddressTests(TrackerExportPublicAddressTests.Factory factory) : IClassFixture<TrackerExportPublicAddressTests.Factory>
{
    public sealed class Factory : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            [KanoApi.Infrastructure.PublicAddress.Setting] = "https://kano.example.com/research/",
        };
    }

    [Fact]
    public async Task TheReportLinkIsOnTheConfiguredPublicAddress()
    {
        var client = factory.CreateAdminClient();
        var surveyId = await Given.ASurvey(client);
        await Given.AFeature(client, surveyId, "must");
        await Given.Responses(client, surveyId, Given.RespondentsWithCounts("must", a: 0, o: 1, m: 9, i: 0, r: 0, q: 0));

        var jira = TrackerReaders.Jira(await client.GetStringAsync($"/v1/surveys/{surveyId}/backlog?format=jira"));
        Assert.Contains($"https://kano.example.com/research/v1/surveys/{surveyId}/report?table=standard&rule=hierarchy&lang=en#backlog", Assert.Single(jira).Description, StringComparison.Ordinal);
    }
}
