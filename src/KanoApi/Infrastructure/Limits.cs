namespace KanoApi.Infrastructure;

/// <summary>
/// Every size limit of the write side in one place, so the numbers the validation messages quote and the
/// numbers the code enforces cannot drift apart (the body size limits are configurable: <see cref="KanoLimits"/>).
/// </summary>
public static class Limits
{
    public const int NameLength = 200;
    public const int DescriptionLength = 2000;
    public const int FeatureKeyLength = 64;
    public const int QuestionLength = 500;
    public const int RespondentIdLength = 100;
    public const int WaveLength = 50;
    public const int SegmentNameLength = 50;
    public const int SegmentValueLength = 100;
    public const int SegmentsPerRespondent = 20;
    public const int FeaturesPerSurvey = 200;

    /// <summary>The most features one step of the hosted form shows: "a few per step" keeps a phone's page short.</summary>
    public const int FeaturesPerStep = 20;

    /// <summary>A respondent answers each feature at most once, so the features cap is also the answers cap.</summary>
    public const int AnswersPerResponse = FeaturesPerSurvey;

    public const int ResponsesPerBatch = 1000;
    public const int WordingLength = 200;
    public const int WordingsPerAnswer = 50;
    public const int IdempotencyKeyLength = 200;

    /// <summary>Validation problems list at most this many errors and give the total in <c>totalErrors</c>.</summary>
    public const int ErrorsListed = 100;

    /// <summary>The longest CSV record accepted: a guard against an unclosed quote or binary garbage with no line breaks.</summary>
    public const int CsvRecordBytes = 1 << 20;

    /// <summary>A request still marked running after this long is taken to have died with its process.</summary>
    public static readonly TimeSpan IdempotencyAbandonedAfter = TimeSpan.FromMinutes(5);

    /// <summary>How long an Idempotency-Key record is kept: a retry later than this is a new request (Stripe keeps 24 h too).</summary>
    public static readonly TimeSpan IdempotencyRetention = TimeSpan.FromHours(24);

    /// <summary>A feature's effort, as the analysis library bounds it: the backlog's effort ratio stays finite.</summary>
    public const double EffortMinimum = Kano.Analysis.FeatureInput.MinimumEffort;

    public const double EffortMaximum = Kano.Analysis.FeatureInput.MaximumEffort;

    /// <summary>Active (unrevoked) API keys a workspace may hold: with the workspace-wide rate bucket, keys cannot multiply an allowance.</summary>
    public const int ActiveKeysPerWorkspace = 50;

    public const int PageSizeDefault = 50;
    public const int PageSizeMax = 200;
}
