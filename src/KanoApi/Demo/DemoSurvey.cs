using Kano.Analysis;

namespace KanoApi.Demo;

/// <summary>
/// The demo survey "Customer service": a shop's service features in English and Vietnamese, and synthetic
/// respondents in two channels and two waves, drawn from a fixed seed so that every category appears and one
/// feature splits by channel (in-store shoppers need advice, online shoppers don't care). It is also a service
/// survey (issue 21): features are tagged with SERVQUAL dimensions and respondents rate each feature's expectation
/// and perception (1-7), so that some basic needs fall short of what customers expect (complaints, apologies) while
/// features nobody asked for are delivered beyond it. Thirty staff answered too, as they believe customers would
/// (<see cref="GenerateStaff"/>), with two blind spots for GET …/audiences and the report to name.
/// </summary>
internal static class DemoSurvey
{
    public const string Name = "Customer service (demo)";
    public const string Description = "Demo: how customers of a shop feel about its service. Dịch vụ khách hàng của một cửa hàng (dữ liệu mẫu).";
    public const int Respondents = 300;

    /// <summary>Staff who answered as they believe customers would (issue 21, gap 1): a front-desk team, stored apart.</summary>
    public const int StaffRespondents = 30;

    /// <summary>
    /// How staff believe customers answer, where they believe otherwise than customers do (every other feature: as the
    /// in-store customers). Two blind spots, one of each kind: staff think a sincere apology optional (customers hold it a
    /// basic need, the costliest misjudgement) and expect timely upselling to delight (customers are indifferent to it).
    /// </summary>
    private static readonly Dictionary<string, (Dictionary<KanoCode, double> Mix, double Expectation)> StaffBeliefs = new()
    {
        ["apology-compensation"] = (Mix(a: 18, o: 12, m: 10, i: 58, r: 1, q: 1), 4.2),
        ["timely-upsell"] = (Mix(a: 62, o: 10, m: 2, i: 24, r: 1, q: 1), 5.0),
    };

    /// <summary>
    /// A demo feature and how respondents tend to answer about it: the share of each code, by channel; its SERVQUAL
    /// dimension (null: untagged) and the mean expectation and perception (1-7) its ratings are drawn around.
    /// </summary>
    internal sealed record Feature(
        string Key, string Name, string Description, double Effort, double Importance, double Satisfaction,
        Dictionary<KanoCode, double> InStore, Dictionary<KanoCode, double>? Online = null,
        string? FunctionalQuestion = null, string? DysfunctionalQuestion = null,
        string? Dimension = null, double Expectation = 4, double Perception = 4);

    internal sealed record Respondent(string Id, string Wave, IReadOnlyDictionary<string, string> Segments, IReadOnlyList<Answered> Answers);

    internal sealed record Answered(
        string FeatureKey, Answer Functional, Answer Dysfunctional, int Importance, int Satisfaction, int? Expectation, int? Perception);

    public static IReadOnlyList<Feature> Features { get; } =
    [
        new("remember-returning-customers", "Remembers returning customers · Ghi nhớ khách quen",
            "Staff greet returning customers by name and remember their preferences.", 3, 6.0, 2.8,
            Mix(a: 55, o: 15, m: 5, i: 22, r: 2, q: 1),
            Dimension: "empathy", Expectation: 4.6, Perception: 3.9),
        new("timely-upsell", "Timely upsell and cross-sell · Gợi ý mua thêm đúng lúc",
            "Suggests matching products at the right moment.", 2, 3.5, 3.0,
            Mix(a: 12, o: 6, m: 3, i: 58, r: 19, q: 2),
            Dimension: "assurance", Expectation: 3.4, Perception: 4.2),
        new("alternatives-out-of-stock", "Alternatives when out of stock · Gợi ý thay thế khi hết hàng",
            "Offers a similar item or a reservation when the wanted one is out of stock.", 3, 7.0, 2.9,
            Mix(a: 20, o: 48, m: 18, i: 12, r: 1, q: 1),
            Dimension: "responsiveness", Expectation: 5.6, Perception: 4.5),
        new("in-store-advice", "Attentive in-store advice · Tư vấn tận tình tại cửa hàng",
            "Staff take time to advise in the shop.", 4, 6.5, 3.4,
            Mix(a: 10, o: 20, m: 52, i: 16, r: 1, q: 1),
            Online: Mix(a: 8, o: 10, m: 12, i: 66, r: 3, q: 1),
            Dimension: "assurance", Expectation: 6.1, Perception: 5.7),
        new("apology-compensation", "Sincere apology with compensation · Xin lỗi chân thành kèm bồi thường",
            "When something goes wrong, a sincere apology and fair compensation.", 2, 7.5, 2.6,
            Mix(a: 8, o: 22, m: 58, i: 10, r: 1, q: 1),
            Dimension: "empathy", Expectation: 6.4, Perception: 4.3),
        new("hotline-24-7", "24/7 hotline · Tổng đài 24/7",
            "A phone line answered at any hour.", 8, 5.5, 3.1,
            Mix(a: 30, o: 38, m: 12, i: 18, r: 1, q: 1),
            Dimension: "responsiveness", Expectation: 5.0, Perception: 5.2),
        new("fast-complaint-resolution", "Fast complaint resolution · Giải quyết khiếu nại nhanh",
            "Complaints are resolved within a day.", 5, 8.2, 2.4,
            Mix(a: 5, o: 25, m: 62, i: 7, r: 0, q: 1),
            Dimension: "responsiveness", Expectation: 6.6, Perception: 3.9),
        new("loyalty-rewards", "Loyalty rewards · Tích điểm khách hàng thân thiết",
            "Points and perks for regular customers.", 4, 5.0, 3.2,
            Mix(a: 50, o: 20, m: 4, i: 24, r: 1, q: 1),
            Expectation: 4.2, Perception: 4.8), // untagged: points and perks are none of SERVQUAL's five dimensions
        new("free-delivery", "Free delivery · Giao hàng miễn phí",
            "Delivery at no charge.", 6, 7.8, 3.0,
            Mix(a: 18, o: 55, m: 15, i: 10, r: 1, q: 1),
            Dimension: "reliability", Expectation: 5.9, Perception: 5.5),
        new("follow-up-call", "Follow-up call after purchase · Gọi điện hỏi thăm sau mua",
            "A phone call a week after the purchase.", 2, 3.0, 3.3,
            Mix(a: 8, o: 4, m: 2, i: 30, r: 54, q: 2),
            Dimension: "empathy", Expectation: 3.0, Perception: 3.6),
        new("price-match-not-refused", "Price match not refused · Không từ chối khớp giá",
            "A deliberately confusing question (double negative), to show what questionable answers look like.", 1, 4.0, 3.0,
            Mix(a: 10, o: 8, m: 6, i: 20, r: 10, q: 46),
            FunctionalQuestion: "If the shop does not refuse to match a lower price, how do you feel?",
            DysfunctionalQuestion: "If the shop does not not refuse to match a lower price, how do you feel?",
            Dimension: "reliability", Expectation: 4.4, Perception: 4.1),
    ];

    /// <summary>The synthetic respondents, the same on every run.</summary>
    public static IReadOnlyList<Respondent> Generate(int seed = 1984)
    {
        var random = new Random(seed);
        // The service-quality ratings come from a generator of their own, so the Kano answers (and everything the
        // walk-through shows of them) are the same draws as before the demo asked expectation and perception.
        var ratings = new Random(seed + 1);
        var respondents = new List<Respondent>(Respondents);
        for (var r = 0; r < Respondents; r++)
        {
            var channel = r % 2 == 0 ? "in-store" : "online";
            var wave = r < Respondents / 2 ? "2026-Q3" : "2026-Q4";
            var answers = Features.Select(feature => AnswerOf(
                feature,
                channel == "online" && feature.Online is not null ? feature.Online : feature.InStore,
                random,
                // One respondent in twenty skips each optional rating.
                () => ratings.Next(20) == 0 ? null : Rating(ratings, feature.Expectation, 1.0, 1, 7),
                () => ratings.Next(20) == 0 ? null : Rating(ratings, feature.Perception, 1.3, 1, 7))).ToArray();
            respondents.Add(new Respondent($"demo-{r + 1:000}", wave, new Dictionary<string, string> { ["channel"] = channel }, answers));
        }

        return respondents;
    }

    /// <summary>
    /// The synthetic staff respondents, the same on every run: from a generator of their own, so the customers' draws
    /// (and every number the walk-through shows of them) do not change. They answer in the last wave, without segments.
    /// </summary>
    public static IReadOnlyList<Respondent> GenerateStaff(int seed = 1984)
    {
        var random = new Random(seed + 2);
        var respondents = new List<Respondent>(StaffRespondents);
        for (var r = 0; r < StaffRespondents; r++)
        {
            var answers = Features.Select(feature =>
            {
                var (mix, expectation) = StaffBeliefs.TryGetValue(feature.Key, out var belief) ? belief : (feature.InStore, feature.Expectation);
                return AnswerOf(feature, mix, random, () => Rating(random, expectation, 1.0, 1, 7), () => Rating(random, feature.Perception, 1.3, 1, 7));
            }).ToArray();
            respondents.Add(new Respondent($"demo-staff-{r + 1:00}", "2026-Q4", new Dictionary<string, string>(), answers));
        }

        return respondents;
    }

    /// <summary>
    /// One answer: the code drawn from <paramref name="mix"/>, its pair, importance and satisfaction from
    /// <paramref name="random"/>, in that order; then the expectation and perception (each may draw from a generator of its own).
    /// </summary>
    private static Answered AnswerOf(Feature feature, Dictionary<KanoCode, double> mix, Random random, Func<int?> expectation, Func<int?> perception)
    {
        var (functional, dysfunctional) = PairFor(Draw(random, mix), random);
        var importance = Rating(random, feature.Importance, 1.6, 1, 9);
        var satisfaction = Rating(random, feature.Satisfaction, 0.9, 1, 5);
        return new Answered(feature.Key, functional, dysfunctional, importance, satisfaction, expectation(), perception());
    }

    private static Dictionary<KanoCode, double> Mix(double a, double o, double m, double i, double r, double q) => new()
    {
        [KanoCode.A] = a, [KanoCode.O] = o, [KanoCode.M] = m, [KanoCode.I] = i, [KanoCode.R] = r, [KanoCode.Q] = q,
    };

    private static KanoCode Draw(Random random, Dictionary<KanoCode, double> mix)
    {
        var roll = random.NextDouble() * mix.Values.Sum();
        foreach (var (code, share) in mix)
        {
            roll -= share;
            if (roll < 0)
            {
                return code;
            }
        }

        return mix.Keys.Last();
    }

    /// <summary>An answer pair that the standard table classifies as the code (several pairs for the common codes).</summary>
    private static (Answer, Answer) PairFor(KanoCode code, Random random)
    {
        var pairs = Enum.GetValues<Answer>()
            .SelectMany(functional => Enum.GetValues<Answer>().Select(dysfunctional => (functional, dysfunctional)))
            .Where(pair => EvaluationTable.Standard.Classify(pair.functional, pair.dysfunctional) == code)
            .ToArray();
        return pairs[random.Next(pairs.Length)];
    }

    private static int Rating(Random random, double mean, double spread, int lowest, int highest)
    {
        // Sum of three uniforms: a cheap bell shape around the mean.
        var noise = (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * spread * 2;
        return (int)Math.Clamp(Math.Round(mean + noise), lowest, highest);
    }
}
