using Dapper;
using KanoApi.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace KanoApi.Tests.Questionnaire;

public sealed class QuestionnaireMigrationTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), "kano-tests", $"{Guid.NewGuid():N}.db");

    private static Dictionary<string, string> Scripts(Func<string, bool> which)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "KanoApi.sln")))
        {
            folder = folder.Parent;
        }

        return Directory.GetFiles(Path.Combine(folder.FullName, "db", "migrations"), "*.sql")
            .Where(file => which(Path.GetFileName(file)))
            .ToDictionary(file => Path.GetFileName(file), File.ReadAllText);
    }

    [Fact]
    public void AVietnameseSurveysStoredQuestionsBecomeItsVietnameseQuestionsAndAnEnglishSurveysStayEnglish()
    {
        const string questionnaireMigration = "0013_questionnaire.sql";
        var database = new Database($"Data Source={path}");
        new Migrations(database, NullLogger<Migrations>.Instance, Scripts(name => string.CompareOrdinal(name, questionnaireMigration) < 0)).Apply();
        using (var connection = database.Open())
        {
            connection.Execute("""
                INSERT INTO workspaces (id, name, created_at) VALUES (1, 'w', 'now');
                INSERT INTO surveys (id, workspace_id, name, language, created_at, updated_at) VALUES (1, 1, 'vi', 'vi', 'now', 'now'), (2, 1, 'en', 'en', 'now', 'now');
                INSERT INTO features (survey_id, key, name, functional_question, dysfunctional_question, created_at, updated_at) VALUES
                    (1, 'wifi', 'Wi-Fi', 'Nếu có Wi-Fi?', 'Nếu không có Wi-Fi?', 'now', 'now'),
                    (2, 'wifi', 'Wi-Fi', 'If it has Wi-Fi?', 'If it has no Wi-Fi?', 'now', 'now');
                """);
        }

        new Migrations(database, NullLogger<Migrations>.Instance, Scripts(_ => true)).Apply();

        using var migrated = database.Open();
        var rows = migrated.Query<(long Survey, string? En, string? DysEn, string? Vi, string? DysVi)>(
            "SELECT survey_id, functional_question, dysfunctional_question, functional_question_vi, dysfunctional_question_vi FROM features ORDER BY survey_id").ToArray();
        Assert.Equal((1L, (string?)null, (string?)null, (string?)"Nếu có Wi-Fi?", (string?)"Nếu không có Wi-Fi?"), rows[0]);
        Assert.Equal((2L, (string?)"If it has Wi-Fi?", (string?)"If it has no Wi-Fi?", (string?)null, (string?)null), rows[1]);
        var settings = migrated.QuerySingle<(string Wording, long Randomize, long Importance)>("SELECT answer_wording, randomize_order, ask_importance FROM surveys WHERE id = 1");
        Assert.Equal(("modern", 1L, 0L), settings);
    }

    public void Dispose() => KanoApiFactory.DeleteDatabase(path);
}
