using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KanoApi.Tests.Forms;

/// <summary>What the form tests do as a person with a form link does: open the page, read its hidden fields, send it.</summary>
public static partial class FormPages
{
    /// <summary>A survey with these features (wifi and parking when none are named) and a form link to it (<paramref name="link"/> is the link's body).</summary>
    public static async Task<(long SurveyId, string Path, long LinkId)> AFormLink(HttpClient admin, object? link = null, params string[] features)
    {
        var surveyId = await Given.ASurveyWithFeatures(admin, features.Length == 0 ? ["wifi", "parking"] : features);
        var response = await admin.PostAsJsonAsync($"/v1/surveys/{surveyId}/links", link ?? new { });
        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
        var created = await response.Json();
        return (surveyId, new Uri(created.GetProperty("url").GetString()!).PathAndQuery, created.GetProperty("id").GetInt64());
    }

    public static Dictionary<string, string> HiddenFields(string html) =>
        Hidden().Matches(html).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    /// <summary>Posts the page's hidden fields with these answers, as the browser that was shown <paramref name="page"/>.</summary>
    public static async Task<HttpResponseMessage> Submit(HttpClient browser, string path, string page, IDictionary<string, string> answers)
    {
        var fields = HiddenFields(page);
        foreach (var (name, value) in answers)
        {
            fields[name] = value;
        }

        return await browser.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>Every feature answered like / dislike (one-dimensional in the standard table).</summary>
    public static Dictionary<string, string> AllAnswered(params string[] features) =>
        features.SelectMany(f => new[] { KeyValuePair.Create($"{f}.functional", "like"), KeyValuePair.Create($"{f}.dysfunctional", "dislike") })
            .ToDictionary();

    public static async Task<JsonElement> StoredResponses(HttpClient admin, long surveyId) =>
        (await (await admin.GetAsync($"/v1/surveys/{surveyId}/responses?limit=200")).Json()).GetProperty("items");

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex Hidden();
}
