namespace Kano.Analysis.ServiceQuality;

/// <summary>
/// The expectation/perception answers of one survey's respondents, gathered pair by pair: per feature the
/// <see cref="PairedSums"/> of its gap, and per respondent their mean gap over each dimension's features they answered,
/// from which the spread of a dimension's score and of the overall score is taken (see <see cref="ServiceQualityAnalyzer"/>).
/// A host streams the chosen respondents' pairs into it; the pairs of a feature it was not told about are left out
/// (a feature deleted while the answers were read).
/// </summary>
public sealed class GapSample
{
    // Per respondent: the sum and count of their differences in each dimension, and (last) over untagged features.
    private const int Untagged = 5;
    private readonly IReadOnlyDictionary<long, ServiceDimension?> dimensions;
    private readonly Dictionary<long, PairedSums> items = [];
    private readonly Dictionary<long, (double[] Sums, int[] Counts)> respondents = [];

    /// <param name="dimensionOfFeature">Every feature of the survey, with its dimension (null when untagged).</param>
    public GapSample(IReadOnlyDictionary<long, ServiceDimension?> dimensionOfFeature)
    {
        ArgumentNullException.ThrowIfNull(dimensionOfFeature);
        dimensions = dimensionOfFeature;
    }

    /// <summary>Pairs added (of known features).</summary>
    public long Pairs { get; private set; }

    /// <summary>Adds one respondent's expectation and perception (1-7 each) of one feature.</summary>
    public void Add(long respondentId, long featureId, int expectation, int perception)
    {
        if (!dimensions.TryGetValue(featureId, out var dimension))
        {
            return;
        }

        items[featureId] = items.GetValueOrDefault(featureId).Add(expectation, perception);
        if (!respondents.TryGetValue(respondentId, out var respondent))
        {
            respondent = (new double[6], new int[6]);
            respondents[respondentId] = respondent;
        }

        var slot = dimension is { } d ? (int)d : Untagged;
        respondent.Sums[slot] += perception - expectation;
        respondent.Counts[slot]++;
        Pairs++;
    }

    /// <summary>The paired sums of one feature (N = 0 when nobody gave both).</summary>
    public PairedSums Item(long featureId) => items.GetValueOrDefault(featureId);

    /// <summary>Whether any pair of a tagged feature was added: the overall score is then the mean of the dimension scores.</summary>
    public bool AnyTagged => respondents.Values.Any(respondent => respondent.Counts.AsSpan(0, Untagged).ContainsAnyExcept(0));

    /// <summary>Over the respondents who answered at least one of the dimension's features: each one's mean difference over those features.</summary>
    public RespondentSums Dimension(ServiceDimension dimension)
    {
        var sums = default(RespondentSums);
        foreach (var (values, counts) in respondents.Values)
        {
            if (counts[(int)dimension] > 0)
            {
                sums = sums.Add(values[(int)dimension] / counts[(int)dimension]);
            }
        }

        return sums;
    }

    /// <summary>
    /// Over the respondents: each one's overall gap, the mean of their own dimension means (the overall score being
    /// the mean of the dimension scores) — or, when no answered feature is tagged, the mean of their differences.
    /// A respondent who answered only untagged features does not count when some are tagged.
    /// </summary>
    public RespondentSums Overall()
    {
        var tagged = AnyTagged;
        var sums = default(RespondentSums);
        foreach (var (values, counts) in respondents.Values)
        {
            if (!tagged)
            {
                sums = sums.Add(values[Untagged] / counts[Untagged]);
                continue;
            }

            double total = 0;
            var answered = 0;
            for (var d = 0; d < Untagged; d++)
            {
                if (counts[d] > 0)
                {
                    total += values[d] / counts[d];
                    answered++;
                }
            }

            if (answered > 0)
            {
                sums = sums.Add(total / answered);
            }
        }

        return sums;
    }
}
