using System.Text.RegularExpressions;

namespace KanoApi.Tests.Infrastructure;

/// <summary>
/// A clone holds only the repository: every file README.md and docs/ point to must be in it. Checked are relative
/// Markdown links (<c>[text](docs/api.md)</c>) and file paths written as code (<c>`docs/walkthrough/answers.csv`</c>),
/// relative to the document and then to the repository's root.
/// </summary>
public sealed partial class DocumentationLinksTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "KanoApi.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("KanoApi.sln not found above the test's folder");
    }

    public static TheoryData<string> Documents()
    {
        var documents = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            documents.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        }

        return documents;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryFileADocumentPointsToIsInTheRepository(string document)
    {
        var path = Path.Combine(Root, document);
        var text = File.ReadAllText(path);
        var folder = Path.GetDirectoryName(path)!;
        var missing = new List<string>();

        foreach (Match link in MarkdownLink().Matches(text))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#') || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var file = Uri.UnescapeDataString(target.Split('#')[0]);
            if (!InRepository(Path.Combine(folder, file)))
            {
                missing.Add($"link ({target})");
            }
        }

        foreach (Match code in CodePath().Matches(text))
        {
            var file = code.Groups["path"].Value;
            if (!InRepository(Path.Combine(folder, file)) && !InRepository(Path.Combine(Root, file)))
            {
                missing.Add($"path `{file}`");
            }
        }

        Assert.True(missing.Count == 0, $"{document} points outside the repository or to nothing: {string.Join(", ", missing)}");
    }

    [Fact]
    public void TheCheckFindsAPathOutsideTheRepository()
    {
        // The README once named ../shared/docs/api-contract.md, which exists beside the repository on one machine only.
        Assert.Matches(CodePath(), "The contract is `../shared/docs/api-contract.md`.");
        Assert.False(InRepository(Path.Combine(Root, "../shared/docs/api-contract.md")));
        Assert.True(InRepository(Path.Combine(Root, "docs/walkthrough/answers.csv")));
    }

    /// <summary>True when the path names a file or folder inside the repository (not merely somewhere on this disk).</summary>
    private static bool InRepository(string path)
    {
        var full = Path.GetFullPath(path);
        var inside = full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside && (File.Exists(full) || Directory.Exists(full));
    }

    /// <summary>[text](target) and ![alt](target), target without spaces.</summary>
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    /// <summary>
    /// A code span holding a relative path to a file of the kinds documents name (no URL, no absolute path such as
    /// /v1/surveys, no placeholder): `docs/api.md`, `../shared/x.md`, `src/KanoApi/Infrastructure/Limits.cs`.
    /// </summary>
    [GeneratedRegex(@"`(?<path>(?:\.\.?/)*[A-Za-z0-9_.][A-Za-z0-9_./-]*/[A-Za-z0-9_.-]+\.(?:md|cs|csv|sql|sh|json|yaml|yml|props|csproj|sln))`")]
    private static partial Regex CodePath();
}
