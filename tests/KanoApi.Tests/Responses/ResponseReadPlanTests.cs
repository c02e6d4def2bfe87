using Dapper;
using KanoApi.Infrastructure;
using KanoApi.Responses;
using Microsoft.Extensions.Logging.Abstractions;

namespace KanoApi.Tests.Responses;

/// <summary>
/// Reading one respondent (the answer to every POST …/responses, GET …/responses/{id}) or a page of them must cost
/// what those respondents hold, not what the survey holds: SQLite planned the answers' query from the survey's
/// respondent index, visiting every respondent of the survey (at 100k respondents most of a single POST's time), and
/// sorted all the survey's respondents by id for every page of GET …/responses.
/// The plan is checked rather than timed, so a slow machine cannot fail it.
/// </summary>
public sealed class ResponseReadPlanTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), "kano-tests", $"{Guid.NewGuid():N}.db");

    [SqliteFact]
    public void TheAnswersOfChosenRespondentsAreFoundByTheirIdsNotByScanningTheSurvey()
    {
        var database = new Database($"Data Source={path}");
        new Migrations(database, NullLogger<Migrations>.Instance).Apply();
        using var connection = database.Open();

        var plan = connection.Query("EXPLAIN QUERY PLAN " + ResponseStore.AnswersOfRespondentsSql, new { surveyId = 1, first = 5, last = 9 })
            .Select(step => (string)step.detail)
            .ToArray();

        Assert.NotEmpty(plan);
        Assert.Contains(plan, step => step.StartsWith("SEARCH a USING PRIMARY KEY (respondent_id>? AND respondent_id<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("(survey_id=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [SqliteFact]
    public void APageOfRespondentsIsReadInIdOrderWithoutSortingTheWholeSurvey()
    {
        var database = new Database($"Data Source={path}");
        new Migrations(database, NullLogger<Migrations>.Instance).Apply();
        using var connection = database.Open();

        var plan = connection.Query("EXPLAIN QUERY PLAN " + ResponseStore.RespondentsSql(ResponseStore.PageCondition), new { surveyId = 1, after = 5, take = 100 })
            .Select(step => (string)step.detail)
            .ToArray();

        Assert.Equal(["SEARCH r USING INDEX ix_respondents_survey (survey_id=? AND rowid>?)"], plan);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}
