using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KanoApi.Testing;

/// <summary>One respondent's answer to one feature: positions 1-5 (like … dislike), importance 1-9, satisfaction 1-5.</summary>
public readonly record struct SyntheticAnswer(int Functional, int Dysfunctional, int? Importance, int? Satisfaction);

/// <summary>
/// A deterministic survey of any size: respondent <c>j</c>'s answer to feature <c>f</c> is a pure function of
/// (j, f), so the benchmark can insert the very same pairs through SQL, CSV and JSON without holding them in memory.
/// Features lean to one Kano category each (delighter, performance, basic, indifferent) with noise, so the
/// analysis has real work to do; segments <c>plan</c> (a third are enterprise) and <c>region</c>, and four waves.
/// </summary>
public sealed class SyntheticSurvey(int features, string respondentPrefix = "r")
{
    public static readonly string[] Plans = ["free", "team", "enterprise"];
    public static readonly string[] Regions = ["north", "south"];

    // (functional, dysfunctional) of the four leanings: A (like, neutral), O (like, dislike), M (neutral, dislike), I (neutral, neutral).
    private static readonly (int Functional, int Dysfunctional)[] Leanings = [(1, 3), (1, 5), (3, 5), (3, 3)];

    public int Features { get; } = features;

    public string RespondentPrefix { get; } = respondentPrefix;

    public static string FeatureKey(int feature) => "f" + feature.ToString("000", CultureInfo.InvariantCulture);

    public string RespondentKey(long respondent) => RespondentPrefix + respondent.ToString(CultureInfo.InvariantCulture);

    public static string Plan(long respondent) => Plans[(int)(Mix((ulong)respondent * 31 + 7) % 3)];

    public static string Region(long respondent) => Regions[(int)(Mix((ulong)respondent * 17 + 3) % 2)];

    public static string Wave(long respondent) => "2026-Q" + (respondent % 4 + 1).ToString(CultureInfo.InvariantCulture);

    public static SyntheticAnswer Answer(long respondent, int feature)
    {
        var h = Mix(((ulong)respondent << 16) ^ (ulong)feature);
        var (functional, dysfunctional) = Leanings[feature % Leanings.Length];
        // 35% of answers are noise: any pair, questionable and reverse ones included.
        if (h % 100 < 35)
        {
            functional = (int)((h >> 8) % 5) + 1;
            dysfunctional = (int)((h >> 16) % 5) + 1;
        }

        int? importance = (h >> 24) % 10 < 8 ? (int)((h >> 32) % 9) + 1 : null;
        int? satisfaction = (h >> 40) % 10 < 7 ? (int)((h >> 48) % 5) + 1 : null;
        return new SyntheticAnswer(functional, dysfunctional, importance, satisfaction);
    }

    /// <summary>The CSV header of the contract's import format.</summary>
    public string CsvHeader()
    {
        var header = new StringBuilder("respondentId,wave,segment.plan,segment.region");
        for (var f = 0; f < Features; f++)
        {
            var key = FeatureKey(f);
            header.Append(CultureInfo.InvariantCulture, $",{key}.functional,{key}.dysfunctional,{key}.importance,{key}.satisfaction");
        }

        return header.Append('\n').ToString();
    }

    /// <summary>Appends respondent <paramref name="respondent"/>'s row; an empty cell is an unanswered optional score.</summary>
    public void AppendCsvRow(StringBuilder row, long respondent)
    {
        row.Append(RespondentKey(respondent)).Append(',').Append(Wave(respondent)).Append(',')
            .Append(Plan(respondent)).Append(',').Append(Region(respondent));
        for (var f = 0; f < Features; f++)
        {
            var answer = Answer(respondent, f);
            row.Append(',').Append((char)('0' + answer.Functional))
                .Append(',').Append((char)('0' + answer.Dysfunctional))
                .Append(',');
            if (answer.Importance is { } importance)
            {
                row.Append((char)('0' + importance));
            }

            row.Append(',');
            if (answer.Satisfaction is { } satisfaction)
            {
                row.Append((char)('0' + satisfaction));
            }
        }

        row.Append('\n');
    }

    /// <summary>Writes the CSV of respondents [first, first + count) to <paramref name="stream"/>, streaming.</summary>
    public async Task WriteCsvAsync(Stream stream, long first, long count, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await writer.WriteAsync(CsvHeader());
        var row = new StringBuilder(Features * 10 + 64);
        for (var j = first; j < first + count; j++)
        {
            row.Clear();
            AppendCsvRow(row, j);
            await writer.WriteAsync(row, cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The JSON body of <c>POST …/responses/batch</c> for respondents [first, first + count).</summary>
    public byte[] BatchJson(long first, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(count * Features * 90 + 256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("responses");
            for (var j = first; j < first + count; j++)
            {
                WriteResponse(json, j);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The JSON body of <c>POST …/responses</c> for one respondent.</summary>
    public byte[] ResponseJson(long respondent, string? respondentKey = null)
    {
        var buffer = new ArrayBufferWriter<byte>(Features * 90 + 256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteResponse(json, respondent, respondentKey);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteResponse(Utf8JsonWriter json, long respondent, string? respondentKey = null)
    {
        json.WriteStartObject();
        json.WriteString("respondentId", respondentKey ?? RespondentKey(respondent));
        json.WriteString("wave", Wave(respondent));
        json.WriteStartObject("segments");
        json.WriteString("plan", Plan(respondent));
        json.WriteString("region", Region(respondent));
        json.WriteEndObject();
        json.WriteStartArray("answers");
        for (var f = 0; f < Features; f++)
        {
            var answer = Answer(respondent, f);
            json.WriteStartObject();
            json.WriteString("feature", FeatureKey(f));
            json.WriteNumber("functional", answer.Functional);
            json.WriteNumber("dysfunctional", answer.Dysfunctional);
            if (answer.Importance is { } importance)
            {
                json.WriteNumber("importance", importance);
            }

            if (answer.Satisfaction is { } satisfaction)
            {
                json.WriteNumber("satisfaction", satisfaction);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>SplitMix64's finaliser: a cheap, well-mixed hash.</summary>
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
