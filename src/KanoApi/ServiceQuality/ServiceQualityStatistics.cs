using System.Data.Common;
using Dapper;
using Kano.Analysis;
using Kano.Analysis.ServiceQuality;
using KanoApi.Analysis;
using KanoApi.Features;
using KanoApi.Infrastructure;

namespace KanoApi.ServiceQuality;

/// <summary>
/// Gathers from SQL what the service-quality analysis needs beside the Kano analysis — each feature's SERVQUAL
/// dimension and the chosen respondents' expectation/perception pairs — and hands it to
/// <see cref="ServiceQualityAnalyzer"/>; nothing of the method is computed here.
/// </summary>
internal static class ServiceQualityStatistics
{
    /// <summary>
    /// The service quality of <paramref name="analysis"/>, made over the same respondents (<paramref name="filter"/>)
    /// in the request's snapshot; null when no feature is tagged with a dimension and no respondent gave
    /// expectation and perception (a survey that does not use service quality gets no block at all).
    /// </summary>
    /// <remarks>
    /// The pairs are read only when the survey asks service quality (<c>surveys.ask_service_quality</c>): they are not
    /// kept in the answer aggregates, so reading them means reading the chosen respondents' answers, which a survey
    /// that never asked them should not pay for.
    /// </remarks>
    public static async Task<ServiceQualityReport?> AnalyzeAsync(ReadContext read, RespondentFilter filter, SurveyAnalysis analysis, CancellationToken cancellationToken)
    {
        var (connection, transaction, surveyId) = (read.Connection, read.Transaction, read.Survey.Id);
        var features = await FeatureStore.AllAsync(connection, surveyId, transaction, cancellationToken);
        var asks = read.Survey.AskServiceQuality;
        if (!asks && features.All(feature => feature.Dimension is null))
        {
            return null;
        }

        var dimensions = features.ToDictionary(
            feature => feature.Id,
            feature => ServiceDimensions.TryParse(feature.Dimension, out var dimension) ? dimension : (ServiceDimension?)null);

        GapSample? sample = null;
        if (asks)
        {
            sample = new GapSample(dimensions);
            var (chosen, parameters) = SurveyStatistics.ChosenRespondents(surveyId, filter, read.Request.Options.Table);
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                $"""
                {chosen}
                SELECT a.respondent_id, a.feature_id, a.expectation, a.perception
                {StorageProvider.Of(connection).RowsKeyedByIdsIn("chosen", "answers a", "a.respondent_id")}
                AND a.expectation IS NOT NULL AND a.perception IS NOT NULL
                """,
                parameters, transaction: transaction, cancellationToken: cancellationToken));
            while (await reader.ReadAsync(cancellationToken))
            {
                sample.Add(reader.GetInt64(0), reader.GetInt64(1), checked((int)reader.GetInt64(2)), checked((int)reader.GetInt64(3)));
            }
        }

        var report = ServiceQualityAnalyzer.Analyze(analysis, dimensions, sample);
        return report.HasGapData || report.Dimensions.Count > 0 ? report : null;
    }
}
