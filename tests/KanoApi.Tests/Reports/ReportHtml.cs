using System.Net;
using System.Text.RegularExpressions;

namespace KanoApi.Tests.Reports;

/// <summary>
/// Reads the report page the way a test needs it: a section by id, a table row by its feature key, a cell by its
/// data-field, with the HTML decoded. The page marks these itself (id, data-key, data-field), so the readers do not
/// depend on layout.
/// </summary>
public sealed partial class ReportHtml(string html)
{
    public string Html { get; } = html;

    /// <summary>The markup of the section with this id (the report's sections do not nest).</summary>
    public string Section(string id)
    {
        var match = Regex.Match(Html, $"""<section[^>]*\bid="{Regex.Escape(id)}"[^>]*>(.*?)</section>""", RegexOptions.Singleline);
        Assert.True(match.Success, $"the page has no section #{id}");
        return match.Groups[1].Value;
    }

    /// <summary>The rows of a section's tables, by data-key, in page order, each as its cells' text by data-field.</summary>
    public IReadOnlyList<(string Key, IReadOnlyDictionary<string, string> Cells, string Header)> Rows(string sectionId, string? tableClass = null)
    {
        var markup = Section(sectionId);
        if (tableClass is not null)
        {
            var table = Regex.Match(markup, $"""<table class="{Regex.Escape(tableClass)}">(.*?)</table>""", RegexOptions.Singleline);
            Assert.True(table.Success, $"section #{sectionId} has no table .{tableClass}");
            markup = table.Groups[1].Value;
        }

        return RowPattern().Matches(markup)
            .Select(row => (
                WebUtility.HtmlDecode(row.Groups["key"].Value),
                (IReadOnlyDictionary<string, string>)CellPattern().Matches(row.Groups["cells"].Value)
                    .ToDictionary(cell => cell.Groups["field"].Value, cell => Text(cell.Groups["content"].Value)),
                Text(RowHeaderPattern().Match(row.Groups["cells"].Value).Groups["content"].Value)))
            .ToArray();
    }

    /// <summary>The text of the element carrying <c>data-field="name"</c> outside tables (the headline, the notes).</summary>
    public string Field(string name)
    {
        var match = Regex.Match(Html, $"""<(?<tag>dd|li|p)[^>]*data-field="{Regex.Escape(name)}"[^>]*>(?<content>.*?)</\k<tag>>""", RegexOptions.Singleline);
        Assert.True(match.Success, $"the page has no field {name}");
        return Text(match.Groups["content"].Value);
    }

    /// <summary>The options of a select in the form, with which one is selected.</summary>
    public IReadOnlyList<(string Value, bool Selected)> Options(string selectName)
    {
        var select = Regex.Match(Html, $"""<select[^>]*name="{Regex.Escape(selectName)}"[^>]*>(.*?)</select>""", RegexOptions.Singleline);
        Assert.True(select.Success, $"the form has no select {selectName}");
        return Regex.Matches(select.Groups[1].Value, """<option value(?:="(?<value>[^"]*)")?(?<selected> selected)?""")
            .Select(option => (WebUtility.HtmlDecode(option.Groups["value"].Value), option.Groups["selected"].Success))
            .ToArray();
    }

    /// <summary>The value of an attribute of the first element matching a CSS-like tag and class/id hint.</summary>
    public string Attribute(string elementPattern, string attribute)
    {
        var element = Regex.Match(Html, elementPattern, RegexOptions.Singleline);
        Assert.True(element.Success, $"the page has no element like {elementPattern}");
        var value = Regex.Match(element.Value, $"""\b{Regex.Escape(attribute)}="(?<value>[^"]*)""");
        Assert.True(value.Success, $"the element has no {attribute}");
        return WebUtility.HtmlDecode(value.Groups["value"].Value);
    }

    /// <summary>Markup to the text a person reads: tags dropped, entities decoded, white space collapsed.</summary>
    public static string Text(string markup) =>
        Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(markup, "<[^>]+>", " ")), @"\s+", " ").Trim();

    [GeneratedRegex("""<tr data-key="(?<key>[^"]*)">(?<cells>.*?)</tr>""", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("""<td[^>]*data-field="(?<field>[^"]*)"[^>]*>(?<content>.*?)</td>""", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex("""<th scope="row">(?<content>.*?)</th>""", RegexOptions.Singleline)]
    private static partial Regex RowHeaderPattern();
}
