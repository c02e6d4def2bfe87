using System.Globalization;
using Kano.Analysis;

namespace KanoApi.Reports;

/// <summary>
/// Every word of the report page, once per language. The Kano vocabulary itself — category labels, actions,
/// rationales, warnings — comes from the analysis library (<see cref="KanoNames"/>, <see cref="KanoWarnings"/>,
/// <see cref="Backlog"/>), the same place the API's labels come from, so the page and the API always agree.
/// Texts with <c>{0}</c>… are composite formats, filled in with the invariant culture (numbers read as in the API).
/// </summary>
public sealed record ReportText
{
    public required string Lang { get; init; }
    public required string Title { get; init; }
    public required string SkipToContent { get; init; }
    public required string Contents { get; init; }
    public required string OtherLanguage { get; init; }
    public required string OtherLanguageName { get; init; }

    // Headline
    public required string Respondents { get; init; }
    public required string Waves { get; init; }
    public required string Wave { get; init; }
    public required string NoWave { get; init; }
    public required string DateRange { get; init; }
    public required string NoAnswersYet { get; init; }
    public required string Options { get; init; }
    public required string Filter { get; init; }
    public required string EveryRespondent { get; init; }
    public required string WaveFilter { get; init; }
    public required string SegmentFilter { get; init; }
    public required string MaxQuestionableFilter { get; init; }
    public required string StandardTable { get; init; }
    public required string PouliotTable { get; init; }
    public required string ModeRule { get; init; }
    public required string HierarchyRule { get; init; }
    public required string PositiveVsRestRule { get; init; }

    /// <summary>The form's short names of the tables and rules (the headline spells them out).</summary>
    public required string StandardTableChoice { get; init; }
    public required string PouliotTableChoice { get; init; }
    public required string ModeRuleChoice { get; init; }
    public required string HierarchyRuleChoice { get; init; }
    public required string PositiveVsRestRuleChoice { get; init; }

    // Chart
    public required string Chart { get; init; }
    public required string ChartHelp { get; init; }

    // Classification
    public required string Classification { get; init; }
    public required string ClassificationHelp { get; init; }
    public required string Feature { get; init; }
    public required string Category { get; init; }
    public required string Dual { get; init; }
    public required string CategoryStrength { get; init; }
    public required string TotalStrength { get; init; }
    public required string Fong { get; init; }
    public required string Importance { get; init; }
    public required string Satisfaction { get; init; }
    public required string Warnings { get; init; }

    // How sure each result is (Wilson intervals, the category's probability, respondents to settle Fong's test)
    public required string BetterInterval { get; init; }
    public required string WorseInterval { get; init; }
    public required string IntervalRange { get; init; }
    public required string Certainty { get; init; }
    public required string CertaintyCell { get; init; }
    public required string SettleMore { get; init; }
    public required string Settled { get; init; }
    public required string FongSignificant { get; init; }
    public required string FongNotSignificant { get; init; }
    public required string FongNotApplicable { get; init; }
    public required string NotAvailable { get; init; }

    /// <summary>The name of a scrollable table region, from its section's title.</summary>
    public required string TableOf { get; init; }

    // Backlog
    public required string Backlog { get; init; }
    public required string BacklogHelp { get; init; }
    public required string Rank { get; init; }
    public required string Action { get; init; }
    public required string Score { get; init; }
    public required string Why { get; init; }
    public required string NothingToInvestIn { get; init; }
    public required string Review { get; init; }
    public required string ReviewHelp { get; init; }
    public required string NothingToReview { get; init; }

    // Segments
    public required string Segments { get; init; }
    public required string SegmentsHelp { get; init; }
    public required string NoSegments { get; init; }
    public required string NoSegmentChosen { get; init; }
    public required string SegmentValues { get; init; }
    public required string SegmentsAgree { get; init; }
    public required string SegmentNotFound { get; init; }
    public required string SegmentsTruncated { get; init; }

    // Data quality
    public required string Quality { get; init; }
    public required string QuestionableRate { get; init; }
    public required string QuestionableRateHigh { get; init; }
    public required string StraightLiners { get; init; }
    public required string ManyQuestionable { get; init; }
    public required string ManyQuestionableAdvice { get; init; }
    public required string QualityCoversEveryone { get; init; }

    // Filter form
    public required string ChangeView { get; init; }
    public required string ChangeViewHelp { get; init; }
    public required string AllWaves { get; init; }
    public required string AllValues { get; init; }
    public required string Table { get; init; }
    public required string Rule { get; init; }
    public required string MaxQuestionable { get; init; }
    public required string MaxQuestionableHint { get; init; }
    public required string CompareBy { get; init; }
    public required string NoComparison { get; init; }
    public required string Language { get; init; }
    public required string Show { get; init; }
    public required string ShareLink { get; init; }
    public required string Footer { get; init; }

    // A shared report's address with options that cannot be used ({0}: each option with what is wrong)
    public required string InvalidOptionsTitle { get; init; }
    public required string InvalidOptionsBody { get; init; }
    public required string BusyTitle { get; init; }
    public required string BusyBody { get; init; }

    public static ReportText For(Language language) => language == Kano.Analysis.Language.Vietnamese ? Vietnamese : English;

    public string Format(string format, params object?[] values) => string.Format(CultureInfo.InvariantCulture, format, values);

    public static readonly ReportText English = new()
    {
        Lang = "en",
        Title = "Kano report",
        InvalidOptionsTitle = "These report options cannot be used",
        InvalidOptionsBody = "The address asks for options the report does not know: {0}. Open the link as you received it, then change the view with the form on the page.",
        BusyTitle = "The report is being prepared for others",
        BusyBody = "Too many reports are being prepared at once. Nothing is wrong with the link: try again in {0} seconds.",
        SkipToContent = "Skip to the results",
        Contents = "Contents",
        OtherLanguage = "vi",
        OtherLanguageName = "Tiếng Việt",
        Respondents = "Respondents",
        Waves = "Waves",
        Wave = "Wave",
        NoWave = "(no wave)",
        DateRange = "Answered",
        NoAnswersYet = "no answers yet",
        Options = "Options",
        Filter = "Respondents counted",
        EveryRespondent = "everyone",
        WaveFilter = "wave {0}",
        SegmentFilter = "{0} = {1}",
        MaxQuestionableFilter = "leaving out anyone with more than {0} questionable answers",
        StandardTable = "standard evaluation table (Sauerwein et al. 1996)",
        PouliotTable = "Pouliot's evaluation table (Berger et al. 1993)",
        ModeRule = "category = the most frequent answer",
        HierarchyRule = "category = the most frequent answer; when the top two are within {0} points, M > O > A > I decides",
        PositiveVsRestRule = "category = A, O or M when together they outnumber I, R and Q",
        StandardTableChoice = "Standard",
        PouliotTableChoice = "Pouliot",
        ModeRuleChoice = "Most frequent answer",
        HierarchyRuleChoice = "Hierarchy (M > O > A > I when close)",
        PositiveVsRestRuleChoice = "A, O, M against the rest",
        Chart = "Better/Worse chart",
        ChartHelp = "Each bubble is a feature: up means more satisfaction when it is there (Better), right means more dissatisfaction when it is missing (|Worse|); bigger bubbles are more important to customers.",
        Classification = "Classification",
        ClassificationHelp = "How customers see each feature. Better and Worse are the shares of the A, O, M and I answers that would gain or lose satisfaction; category strength is the lead of the top category over the next (percentage points); total strength is the share of A, O and M answers. The 95 % confidence intervals (Wilson) say where Better and Worse would likely lie with many more respondents; “how sure” is the probability that the category's code really is the most frequent answer, and how many respondents Fong's test would need to settle it.",
        Feature = "Feature",
        Category = "Category",
        Dual = "Dual",
        CategoryStrength = "Category strength",
        TotalStrength = "Total strength",
        Fong = "Fong's test",
        Importance = "Importance (1-9)",
        Satisfaction = "Satisfaction (1-5)",
        Warnings = "Warnings",
        BetterInterval = "Better, 95 % CI",
        WorseInterval = "Worse, 95 % CI",
        IntervalRange = "{0} to {1}",
        Certainty = "How sure",
        CertaintyCell = "{0} that it is {1}",
        SettleMore = "; {0} more respondents would settle it",
        Settled = "; settled (Fong)",
        FongSignificant = "clear: {0} ahead of {1}",
        FongNotSignificant = "not clear: {0} and {1} are close",
        FongNotApplicable = "too few answers to test",
        NotAvailable = "—",
        TableOf = "{0} (table)",
        Backlog = "Prioritised backlog",
        BacklogHelp = "What to work on, in order: basic needs first, then expected features, then delighters; basic features customers already rate well come last, as upkeep.",
        Rank = "Rank",
        Action = "Action",
        Score = "Score",
        Why = "Why",
        NothingToInvestIn = "No feature is basic, expected or a delighter yet.",
        Review = "To review",
        ReviewHelp = "Features that need a look rather than an investment.",
        NothingToReview = "Nothing to review.",
        Segments = "Segment comparison",
        SegmentsHelp = "The same analysis for each value of one segment. Features whose category differs between the values may need a different plan per group.",
        NoSegments = "The respondents have no segments to compare.",
        NoSegmentChosen = "No segment chosen: pick one under \"Change the view\".",
        SegmentValues = "Compared by {0}: {1}",
        SegmentsAgree = "Every feature has the same category for every value of {0}.",
        SegmentNotFound = "No respondent has the segment {0}.",
        SegmentsTruncated = "Only the {0} most frequent values are compared.",
        Quality = "Data quality",
        QuestionableRate = "{0}% of the {1} answers counted are questionable (Q): the respondent's two answers contradict each other.",
        QuestionableRateHigh = "That is more than the 2% well-worded questions usually get: check the wording of the features the warnings name.",
        StraightLiners = "{0} of {1} respondents gave the same pair of answers for every feature (straight-lining).",
        ManyQuestionable = "{0} respondents gave more than {1} questionable answers.",
        ManyQuestionableAdvice = "Leave them out of the analysis",
        QualityCoversEveryone = "These respondent counts cover everyone who answered the survey, whatever the filter.",
        ChangeView = "Change the view",
        ChangeViewHelp = "The page reloads with these options; its address is a link to this exact view.",
        AllWaves = "All waves",
        AllValues = "All",
        Table = "Evaluation table",
        Rule = "Classification rule",
        MaxQuestionable = "Leave out respondents with more questionable answers than",
        MaxQuestionableHint = "empty: keep everyone",
        CompareBy = "Compare segments by",
        NoComparison = "No comparison",
        Language = "Language",
        Show = "Show",
        ShareLink = "Link to this view",
        Footer = "Made by KanoApi from {0} respondents on {1} (UTC), with the same analysis as the API.",
    };

    public static readonly ReportText Vietnamese = new()
    {
        Lang = "vi",
        Title = "Báo cáo Kano",
        InvalidOptionsTitle = "Không thể dùng các tùy chọn báo cáo này",
        InvalidOptionsBody = "Địa chỉ yêu cầu những tùy chọn mà báo cáo không hiểu: {0}. Hãy mở liên kết như khi bạn nhận được, rồi đổi cách xem bằng biểu mẫu trên trang.",
        BusyTitle = "Báo cáo đang được chuẩn bị cho người khác",
        BusyBody = "Có quá nhiều báo cáo đang được chuẩn bị cùng lúc. Liên kết không có lỗi gì: hãy thử lại sau {0} giây.",
        SkipToContent = "Đi tới kết quả",
        Contents = "Mục lục",
        OtherLanguage = "en",
        OtherLanguageName = "English",
        Respondents = "Người trả lời",
        Waves = "Các đợt khảo sát",
        Wave = "Đợt khảo sát",
        NoWave = "(không có đợt)",
        DateRange = "Thời gian trả lời",
        NoAnswersYet = "chưa có câu trả lời",
        Options = "Tùy chọn",
        Filter = "Người trả lời được tính",
        EveryRespondent = "tất cả",
        WaveFilter = "đợt {0}",
        SegmentFilter = "{0} = {1}",
        MaxQuestionableFilter = "bỏ qua người có hơn {0} câu trả lời đáng ngờ",
        StandardTable = "bảng đánh giá chuẩn (Sauerwein và cộng sự, 1996)",
        PouliotTable = "bảng đánh giá Pouliot (Berger và cộng sự, 1993)",
        ModeRule = "loại = câu trả lời xuất hiện nhiều nhất",
        HierarchyRule = "loại = câu trả lời xuất hiện nhiều nhất; khi hai loại đứng đầu chênh nhau không quá {0} điểm, thứ tự M > O > A > I quyết định",
        PositiveVsRestRule = "loại = A, O hoặc M khi tổng của chúng nhiều hơn I, R và Q",
        StandardTableChoice = "Chuẩn",
        PouliotTableChoice = "Pouliot",
        ModeRuleChoice = "Câu trả lời nhiều nhất",
        HierarchyRuleChoice = "Thứ bậc (M > O > A > I khi gần nhau)",
        PositiveVsRestRuleChoice = "A, O, M so với phần còn lại",
        Chart = "Biểu đồ Better/Worse",
        ChartHelp = "Mỗi bong bóng là một tính năng: càng lên cao, khách hàng càng hài lòng khi có nó (Better); càng sang phải, khách hàng càng không hài lòng khi thiếu nó (|Worse|); bong bóng càng lớn, tính năng càng quan trọng với khách hàng.",
        Classification = "Phân loại",
        ClassificationHelp = "Khách hàng nhìn nhận từng tính năng ra sao. Better và Worse là tỷ lệ trong các câu trả lời A, O, M và I sẽ tăng hoặc giảm mức hài lòng; độ mạnh phân loại là khoảng cách giữa loại đứng đầu và loại thứ hai (điểm phần trăm); độ mạnh tổng là tỷ lệ câu trả lời A, O và M. Khoảng tin cậy 95 % (Wilson) cho biết Better và Worse nhiều khả năng nằm ở đâu nếu có thêm nhiều người trả lời; “mức chắc chắn” là xác suất mã của loại thực sự là câu trả lời phổ biến nhất, và kiểm định Fong cần bao nhiêu người trả lời để phân định.",
        Feature = "Tính năng",
        Category = "Loại",
        Dual = "Loại kép",
        CategoryStrength = "Độ mạnh phân loại",
        TotalStrength = "Độ mạnh tổng",
        Fong = "Kiểm định Fong",
        Importance = "Mức quan trọng (1-9)",
        Satisfaction = "Mức hài lòng (1-5)",
        Warnings = "Cảnh báo",
        BetterInterval = "Better, KTC 95 %",
        WorseInterval = "Worse, KTC 95 %",
        IntervalRange = "{0} đến {1}",
        Certainty = "Mức chắc chắn",
        CertaintyCell = "{0} khả năng là {1}",
        SettleMore = "; cần thêm {0} người trả lời để phân định",
        Settled = "; đã phân định (Fong)",
        FongSignificant = "rõ ràng: {0} vượt {1}",
        FongNotSignificant = "chưa rõ: {0} và {1} gần nhau",
        FongNotApplicable = "quá ít câu trả lời để kiểm định",
        NotAvailable = "—",
        TableOf = "{0} (bảng)",
        Backlog = "Danh sách ưu tiên",
        BacklogHelp = "Việc cần làm theo thứ tự: yếu tố cơ bản trước, rồi yếu tố mong đợi, rồi yếu tố vượt trội; các yếu tố cơ bản mà khách hàng đã đánh giá cao được xếp cuối, chỉ cần duy trì.",
        Rank = "Hạng",
        Action = "Hành động",
        Score = "Điểm",
        Why = "Lý do",
        NothingToInvestIn = "Chưa có tính năng nào là yếu tố cơ bản, mong đợi hay vượt trội.",
        Review = "Cần xem lại",
        ReviewHelp = "Các tính năng cần xem xét lại thay vì đầu tư.",
        NothingToReview = "Không có gì cần xem lại.",
        Segments = "So sánh theo phân khúc",
        SegmentsHelp = "Cùng một phân tích cho từng giá trị của một phân khúc. Tính năng có loại khác nhau giữa các giá trị có thể cần kế hoạch riêng cho từng nhóm.",
        NoSegments = "Người trả lời không có phân khúc nào để so sánh.",
        NoSegmentChosen = "Chưa chọn phân khúc: hãy chọn ở mục \"Thay đổi cách xem\".",
        SegmentValues = "So sánh theo {0}: {1}",
        SegmentsAgree = "Mọi tính năng đều cùng loại ở mọi giá trị của {0}.",
        SegmentNotFound = "Không người trả lời nào có phân khúc {0}.",
        SegmentsTruncated = "Chỉ so sánh {0} giá trị phổ biến nhất.",
        Quality = "Chất lượng dữ liệu",
        QuestionableRate = "{0}% trong {1} câu trả lời được tính là đáng ngờ (Q): hai câu trả lời của người đó mâu thuẫn nhau.",
        QuestionableRateHigh = "Con số này cao hơn mức 2% thường thấy ở những câu hỏi được đặt tốt: hãy kiểm tra cách đặt câu hỏi của các tính năng có cảnh báo.",
        StraightLiners = "{0} trong {1} người trả lời chọn cùng một cặp câu trả lời cho mọi tính năng (trả lời theo một khuôn).",
        ManyQuestionable = "{0} người trả lời có hơn {1} câu trả lời đáng ngờ.",
        ManyQuestionableAdvice = "Loại họ khỏi phân tích",
        QualityCoversEveryone = "Các số người trả lời này tính trên tất cả những ai đã trả lời khảo sát, không phụ thuộc bộ lọc.",
        ChangeView = "Thay đổi cách xem",
        ChangeViewHelp = "Trang sẽ tải lại với các tùy chọn này; địa chỉ của trang là đường dẫn tới đúng cách xem này.",
        AllWaves = "Tất cả các đợt",
        AllValues = "Tất cả",
        Table = "Bảng đánh giá",
        Rule = "Quy tắc phân loại",
        MaxQuestionable = "Bỏ qua người trả lời có số câu trả lời đáng ngờ nhiều hơn",
        MaxQuestionableHint = "để trống: giữ tất cả",
        CompareBy = "So sánh theo phân khúc",
        NoComparison = "Không so sánh",
        Language = "Ngôn ngữ",
        Show = "Xem",
        ShareLink = "Đường dẫn tới cách xem này",
        Footer = "Được KanoApi tạo từ {0} người trả lời lúc {1} (UTC), cùng phân tích với API.",
    };
}
