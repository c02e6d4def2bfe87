using System.Globalization;

namespace KanoApi.Tests.Responses.Exports;

/// <summary>One respondent's answers: a position 1-5 (like, must-be, neutral, live-with, dislike) per feature and side.</summary>
public sealed record ExportRespondent(string Id, int[] Functional, int[] Dysfunctional);

/// <summary>
/// Real-shaped exports of the survey tools teams use, written from the tools' documented formats for the same answers:
/// the header rows each tool writes (its metadata columns, its question or grid headers, SurveyMonkey's second and
/// Qualtrics' second and third rows) and the cells it writes (the option's text, or Qualtrics' numeric values), in
/// English or Vietnamese. Each returns the table of cells; <see cref="ExportWriters"/> writes it as CSV or XLSX.
/// </summary>
public static class SurveyToolExports
{
    public static readonly (string Key, string Name)[] Features = [("dark-mode", "Dark mode"), ("offline", "Offline access"), ("pdf-export", "PDF export")];

    public static readonly string[] Codes = ["like", "must-be", "neutral", "live-with", "dislike"];

    private static readonly string[] English = ["I like it", "I expect it", "I am neutral", "I can tolerate it", "I dislike it"];
    private static readonly string[] Vietnamese = ["Tôi thích như vậy", "Điều đó là đương nhiên", "Tôi thấy bình thường", "Tôi có thể chấp nhận", "Tôi không thích như vậy"];

    /// <summary>The answers every export below holds: seeded, so every run writes the same files.</summary>
    public static IReadOnlyList<ExportRespondent> Respondents(int count = 14, int seed = 7)
    {
        var random = new Random(seed);
        return Enumerable.Range(1, count)
            .Select(i => new ExportRespondent(
                $"{114000000 + i * 37}",
                Features.Select(_ => random.Next(1, 6)).ToArray(),
                Features.Select(_ => random.Next(1, 6)).ToArray()))
            .ToArray();
    }

    /// <summary>The same answers in KanoApi's own CSV (the reference the exports' analysis is compared with).</summary>
    public static string KanoCsv(IReadOnlyList<ExportRespondent> respondents) =>
        string.Join(",", Features.SelectMany(feature => new[] { feature.Key + ".functional", feature.Key + ".dysfunctional" })) + "\n"
        + string.Concat(respondents.Select(respondent =>
            string.Join(",", Features.Select((_, f) => $"{Codes[respondent.Functional[f] - 1]},{Codes[respondent.Dysfunctional[f] - 1]}")) + "\n"));

    /// <summary>
    /// When the i-th respondent (0-based) finished, in UTC: a day of November 2026 each, so that dates whose first two
    /// numbers could be either (3/11) and dates that cannot (13/11) are both written.
    /// </summary>
    public static DateTimeOffset AnsweredAt(int i) => new DateTimeOffset(2026, 11, 1, 2, 4, 40, TimeSpan.Zero).AddDays(i).AddMinutes(i * 7);

    /// <summary>The time each tool's export says the i-th respondent answered, as the import should read it; null for a file without one.</summary>
    public static DateTimeOffset? ExpectedAnsweredAt(string tool, int i) => tool == "Research" ? null : AnsweredAt(i);

    private static string Time(DateTimeOffset moment, string format) => moment.ToString(format, CultureInfo.InvariantCulture);

    private static string Option(int position, bool vietnamese) => (vietnamese ? Vietnamese : English)[position - 1];

    private static string FunctionalGrid(bool vietnamese) =>
        vietnamese ? "Bạn cảm thấy thế nào nếu sản phẩm có tính năng này?" : "How would you feel if the product had this feature?";

    private static string DysfunctionalGrid(bool vietnamese) =>
        vietnamese ? "Bạn cảm thấy thế nào nếu sản phẩm không có tính năng này?" : "How would you feel if the product did not have this feature?";

    /// <summary>The questionnaire's default question pair, as a team types it into a tool that asks one question per column.</summary>
    private static string Question(string name, bool functional, bool vietnamese) => (functional, vietnamese) switch
    {
        (true, false) => $"How would you feel if {name} were available?",
        (false, false) => $"How would you feel if {name} were not available?",
        (true, true) => $"Nếu sản phẩm có {name}, bạn cảm thấy thế nào?",
        _ => $"Nếu sản phẩm không có {name}, bạn cảm thấy thế nào?",
    };

    /// <summary>Google Forms: Timestamp and Email Address, then two multiple-choice grids, "Title [Row]" per column.</summary>
    public static List<string[]> GoogleForms(IReadOnlyList<ExportRespondent> respondents, bool vietnamese)
    {
        var header = new List<string> { vietnamese ? "Dấu thời gian" : "Timestamp", vietnamese ? "Địa chỉ email" : "Email Address" };
        header.AddRange(Features.Select(feature => $"{FunctionalGrid(vietnamese)} [{feature.Name}]"));
        header.AddRange(Features.Select(feature => $"{DysfunctionalGrid(vietnamese)} [{feature.Name}]"));
        header.Add(vietnamese ? "Bạn muốn góp ý gì thêm?" : "Anything else you would like to tell us?");
        var rows = new List<string[]> { header.ToArray() };
        // The Forms download writes the form owner's time zone after the time; a spreadsheet in a Vietnamese locale day-first dates.
        rows.AddRange(respondents.Select((respondent, i) => new[]
            {
                vietnamese ? Time(AnsweredAt(i), "dd/MM/yyyy HH:mm:ss") : Time(AnsweredAt(i).ToOffset(TimeSpan.FromHours(7)), "yyyy/MM/dd h:mm:ss tt") + " GMT+7",
                $"person{i}@example.com",
            }
            .Concat(respondent.Functional.Select(position => Option(position, vietnamese)))
            .Concat(respondent.Dysfunctional.Select(position => Option(position, vietnamese)))
            .Append(i % 2 == 0 ? "Great app, call me on 555-0100" : "")
            .ToArray()));
        return rows;
    }

    /// <summary>Microsoft Forms: ID, Start time, Completion time, Email, Name, then one column per question.</summary>
    public static List<string[]> MicrosoftForms(IReadOnlyList<ExportRespondent> respondents, bool vietnamese)
    {
        var header = new List<string> { "ID", "Start time", "Completion time", "Email", "Name" };
        foreach (var feature in Features)
        {
            header.Add(Question(feature.Name, functional: true, vietnamese));
            header.Add(Question(feature.Name, functional: false, vietnamese));
        }

        var rows = new List<string[]> { header.ToArray() };
        rows.AddRange(respondents.Select((respondent, i) => new[] { $"{i + 1}", Time(AnsweredAt(i).AddMinutes(-3), "M/d/yy H:mm:ss"), Time(AnsweredAt(i), "M/d/yy H:mm:ss"), "anonymous", "" }
            .Concat(Features.SelectMany((_, f) => new[] { Option(respondent.Functional[f], vietnamese), Option(respondent.Dysfunctional[f], vietnamese) }))
            .ToArray()));
        return rows;
    }

    /// <summary>
    /// Typeform: "#" (the response token), one column per question as the team typed it (here without the question
    /// mark and in other case, with curly quotes), then its metadata (Start Date (UTC), Submit Date (UTC), Network ID,
    /// Tags) and UTM hidden fields. Option texts as the author wrote them, with an exclamation mark.
    /// </summary>
    public static List<string[]> Typeform(IReadOnlyList<ExportRespondent> respondents, bool vietnamese)
    {
        var header = new List<string> { "#" };
        foreach (var feature in Features)
        {
            header.Add(Question(feature.Name, functional: true, vietnamese).TrimEnd('?').ToUpperInvariant());
            header.Add("\u201C" + Question(feature.Name, functional: false, vietnamese) + "\u201D");
        }

        header.AddRange(["utm_source", "Start Date (UTC)", "Submit Date (UTC)", "Network ID", "Tags"]);
        var rows = new List<string[]> { header.ToArray() };
        rows.AddRange(respondents.Select((respondent, i) => new[] { $"tf{respondent.Id}" }
            .Concat(Features.SelectMany((_, f) => new[] { Option(respondent.Functional[f], vietnamese) + "!", Option(respondent.Dysfunctional[f], vietnamese).ToUpperInvariant() }))
            .Concat(["newsletter", Time(AnsweredAt(i).AddMinutes(-3), "yyyy-MM-dd HH:mm:ss"), Time(AnsweredAt(i), "yyyy-MM-dd HH:mm:ss"), $"net{i}", ""])
            .ToArray()));
        return rows;
    }

    /// <summary>
    /// SurveyMonkey: two header rows. Row 1: Respondent ID, Collector ID, Start Date, End Date, IP Address, Email
    /// Address, First Name, Last Name, Custom Data 1, then each matrix question once over its first column; row 2: blank
    /// under the metadata, the matrix row label (the feature) under each matrix column.
    /// </summary>
    public static List<string[]> SurveyMonkey(IReadOnlyList<ExportRespondent> respondents, bool vietnamese)
    {
        string[] metadata = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name", "Last Name", "Custom Data 1"];
        var first = metadata.ToList();
        var second = metadata.Select(_ => "").ToList();
        foreach (var grid in new[] { FunctionalGrid(vietnamese), DysfunctionalGrid(vietnamese) })
        {
            first.AddRange(Features.Select((_, f) => f == 0 ? grid : ""));
            second.AddRange(Features.Select(feature => feature.Name));
        }

        first.Add(vietnamese ? "Bạn muốn góp ý gì thêm?" : "Anything else?");
        second.Add("Open-Ended Response");
        var rows = new List<string[]> { first.ToArray(), second.ToArray() };
        rows.AddRange(respondents.Select((respondent, i) => new[] { respondent.Id, "431234567", Time(AnsweredAt(i).AddMinutes(-3), "MM/dd/yyyy hh:mm:ss tt"), Time(AnsweredAt(i), "MM/dd/yyyy hh:mm:ss tt"), $"203.0.113.{i}", "", "", "", "" }
            .Concat(respondent.Functional.Select(position => Option(position, vietnamese)))
            .Concat(respondent.Dysfunctional.Select(position => Option(position, vietnamese)))
            .Append("")
            .ToArray()));
        return rows;
    }

    /// <summary>The recode Qualtrics' "use numeric values" export needs for the scale below: 1 = I dislike it … 5 = I like it.</summary>
    public static readonly Dictionary<string, string> QualtricsValues = new()
    {
        ["1"] = "dislike", ["2"] = "live-with", ["3"] = "neutral", ["4"] = "must-be", ["5"] = "like",
    };

    /// <summary>
    /// Qualtrics: three header rows — column ids (StartDate … ResponseId, then Q1_1 … for the matrix rows), the question
    /// text ("matrix question - row label"), and the {"ImportId":…} row; cells as numeric values (recode 1 = I dislike
    /// it … 5 = I like it), as "Use numeric values" exports them.
    /// </summary>
    public static List<string[]> Qualtrics(IReadOnlyList<ExportRespondent> respondents, bool vietnamese)
    {
        string[] ids = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId", "UserLanguage"];
        string[] texts = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)", "Finished", "Recorded Date", "Response ID", "User Language"];
        var first = ids.ToList();
        var second = texts.ToList();
        var third = ids.Select(id => $"{{\"ImportId\":\"{char.ToLowerInvariant(id[0])}{id[1..]}\"}}").ToList();
        foreach (var (grid, question) in new[] { (FunctionalGrid(vietnamese), 1), (DysfunctionalGrid(vietnamese), 2) })
        {
            for (var f = 0; f < Features.Length; f++)
            {
                first.Add($"Q{question}_{f + 1}");
                second.Add($"{grid} - {Features[f].Name}");
                third.Add($"{{\"ImportId\":\"QID{question}_{f + 1}\"}}");
            }
        }

        var rows = new List<string[]> { first.ToArray(), second.ToArray(), third.ToArray() };
        rows.AddRange(respondents.Select((respondent, i) => new[] { Time(AnsweredAt(i).AddMinutes(-3), "yyyy-MM-dd HH:mm:ss"), Time(AnsweredAt(i), "yyyy-MM-dd HH:mm:ss"), "0", $"198.51.100.{i}", "100", "205", "1", Time(AnsweredAt(i).AddSeconds(1), "yyyy-MM-dd HH:mm:ss"), $"R_{respondent.Id}", vietnamese ? "VI" : "EN" }
            .Concat(respondent.Functional.Select(position => (6 - position).ToString(CultureInfo.InvariantCulture)))
            .Concat(respondent.Dysfunctional.Select(position => (6 - position).ToString(CultureInfo.InvariantCulture)))
            .ToArray()));
        return rows;
    }

    /// <summary>LimeSurvey's "full question text" export: Response ID, Date submitted, Last page, Start language, Seed, then "Question [Subquestion]".</summary>
    public static List<string[]> LimeSurvey(IReadOnlyList<ExportRespondent> respondents, bool vietnamese)
    {
        var header = new List<string> { "Response ID", "Date submitted", "Last page", "Start language", "Seed" };
        header.AddRange(Features.Select(feature => $"{FunctionalGrid(vietnamese)} [{feature.Name}]"));
        header.AddRange(Features.Select(feature => $"{DysfunctionalGrid(vietnamese)} [{feature.Name}]"));
        var rows = new List<string[]> { header.ToArray() };
        rows.AddRange(respondents.Select((respondent, i) => new[] { $"{i + 1}", Time(AnsweredAt(i), "yyyy-MM-dd HH:mm:ss"), "2", vietnamese ? "vi" : "en", $"{1234 + i}" }
            .Concat(respondent.Functional.Select(position => Option(position, vietnamese)))
            .Concat(respondent.Dysfunctional.Select(position => Option(position, vietnamese)))
            .ToArray()));
        return rows;
    }

    /// <summary>The SPSS-style coding of the research file below: 1 = like … 5 = dislike, said by its codebook.</summary>
    public static readonly Dictionary<string, string> ResearchValues = new()
    {
        ["1"] = "like", ["2"] = "must-be", ["3"] = "neutral", ["4"] = "live-with", ["5"] = "dislike",
    };

    /// <summary>A published study's data file: participant, age, then &lt;feature&gt;_functional / &lt;feature&gt;_dysfunctional coded 1-5.</summary>
    public static List<string[]> Research(IReadOnlyList<ExportRespondent> respondents, bool vietnamese)
    {
        var header = new List<string> { "participant", vietnamese ? "tuoi" : "age" };
        foreach (var feature in Features)
        {
            var prefix = feature.Name.ToLowerInvariant().Replace(' ', '_');
            header.Add(prefix + "_functional");
            header.Add(prefix + "_dysfunctional");
        }

        var rows = new List<string[]> { header.ToArray() };
        rows.AddRange(respondents.Select((respondent, i) => new[] { $"P{i + 1:000}", $"{20 + i}" }
            .Concat(Features.SelectMany((_, f) => new[] { $"{respondent.Functional[f]}", $"{respondent.Dysfunctional[f]}" }))
            .ToArray()));
        return rows;
    }
}
