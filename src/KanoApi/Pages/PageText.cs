using Kano.Analysis;

namespace KanoApi.Pages;

/// <summary>
/// Every word the public pages show, per language, in one place. The Kano vocabulary itself (answer wordings,
/// category labels, scale labels, default questions) comes from Kano.Analysis, where the API's labels come from.
/// </summary>
public sealed record PageText
{
    public required string Code { get; init; }
    public required string LanguageName { get; init; }
    public required string LanguageLabel { get; init; }
    public required string NotFoundTitle { get; init; }
    public required string NotFoundBody { get; init; }
    public required string TooManyRequestsTitle { get; init; }
    public required string TooManyRequestsBody { get; init; }
    public required string Submit { get; init; }
    public required string Optional { get; init; }
    public required string ChooseAnAnswer { get; init; }
    public required string ErrorSummary { get; init; }
    public required string FormExpired { get; init; }
    public required string LinkClosed { get; init; }
    public required string ImportanceQuestion { get; init; }
    public required string SatisfactionQuestion { get; init; }
    public required string ThankYouTitle { get; init; }
    public required string ThankYouBody { get; init; }
    public required string FeatureOf { get; init; }
    public required string BadAddressTitle { get; init; }
    public required string BadAddressBody { get; init; }
    public required string BadAddressWhat { get; init; }
    public required string UnreadableFormTitle { get; init; }
    public required string UnreadableFormBody { get; init; }
    public required string ForeignPostTitle { get; init; }
    public required string ForeignPostBody { get; init; }
    public required string ErrorSummaryTitle { get; init; }

    public static PageText English { get; } = new()
    {
        Code = "en",
        LanguageName = "English",
        LanguageLabel = "Language",
        NotFoundTitle = "This link does not work",
        NotFoundBody = "The link is unknown, has expired or was withdrawn. Please ask whoever sent it to you for a new one.",
        TooManyRequestsTitle = "Too many requests",
        TooManyRequestsBody = "Too many requests came from your address. Please wait a minute and try again.",
        Submit = "Send my answers",
        Optional = "optional",
        ChooseAnAnswer = "Please choose an answer.",
        ErrorSummary = "Some questions still need an answer. They are marked below; nothing has been sent yet.",
        FormExpired = "The form was open too long or was sent twice from another page. Please check your answers and send them again.",
        LinkClosed = "This survey is no longer accepting answers.",
        ImportanceQuestion = "How important is this to you?",
        SatisfactionQuestion = "How satisfied are you with it today?",
        ThankYouTitle = "Thank you!",
        ThankYouBody = "Your answers have been recorded.",
        FeatureOf = "Feature {0} of {1}",
        BadAddressTitle = "This address is not complete",
        BadAddressBody = "The link's address has a part this survey cannot use. Please open the link exactly as you received it.",
        BadAddressWhat = "What cannot be used: {0}.",
        UnreadableFormTitle = "Your answers could not be read",
        UnreadableFormBody = "What your browser sent is not a form this page can read, so nothing was stored. Please open the link again and send your answers from the form.",
        ForeignPostTitle = "This form was sent from another site",
        ForeignPostBody = "Answers are accepted only from the form on this site, so nothing was stored. Please open the link you received and send your answers from there.",
        ErrorSummaryTitle = "Please check your answers",
    };

    public static PageText Vietnamese { get; } = new()
    {
        Code = "vi",
        LanguageName = "Tiếng Việt",
        LanguageLabel = "Ngôn ngữ",
        NotFoundTitle = "Liên kết này không còn hiệu lực",
        NotFoundBody = "Liên kết không tồn tại, đã hết hạn hoặc đã bị thu hồi. Vui lòng liên hệ người đã gửi cho bạn để nhận liên kết mới.",
        TooManyRequestsTitle = "Quá nhiều yêu cầu",
        TooManyRequestsBody = "Có quá nhiều yêu cầu từ địa chỉ của bạn. Vui lòng đợi một phút rồi thử lại.",
        Submit = "Gửi câu trả lời",
        Optional = "không bắt buộc",
        ChooseAnAnswer = "Vui lòng chọn một câu trả lời.",
        ErrorSummary = "Một số câu hỏi chưa được trả lời. Các câu hỏi đó được đánh dấu bên dưới; chưa có gì được gửi đi.",
        FormExpired = "Biểu mẫu đã mở quá lâu hoặc đã được gửi từ một trang khác. Vui lòng kiểm tra lại câu trả lời và gửi lại.",
        LinkClosed = "Khảo sát này không còn nhận câu trả lời.",
        ImportanceQuestion = "Điều này quan trọng với bạn đến mức nào?",
        SatisfactionQuestion = "Hiện nay bạn hài lòng với điều này đến mức nào?",
        ThankYouTitle = "Cảm ơn bạn!",
        ThankYouBody = "Câu trả lời của bạn đã được ghi nhận.",
        FeatureOf = "Tính năng {0}/{1}",
        BadAddressTitle = "Địa chỉ này không đầy đủ",
        BadAddressBody = "Địa chỉ liên kết có một phần mà khảo sát này không dùng được. Vui lòng mở liên kết đúng như khi bạn nhận được.",
        BadAddressWhat = "Phần không dùng được: {0}.",
        UnreadableFormTitle = "Không đọc được câu trả lời của bạn",
        UnreadableFormBody = "Dữ liệu trình duyệt gửi đến không phải là biểu mẫu mà trang này đọc được, nên chưa có gì được lưu. Vui lòng mở lại liên kết và gửi câu trả lời từ biểu mẫu.",
        ForeignPostTitle = "Biểu mẫu này được gửi từ một trang web khác",
        ForeignPostBody = "Chỉ những câu trả lời gửi từ biểu mẫu trên trang này mới được nhận, nên chưa có gì được lưu. Vui lòng mở liên kết bạn đã nhận và gửi câu trả lời từ đó.",
        ErrorSummaryTitle = "Vui lòng kiểm tra lại câu trả lời",
    };

    public static PageText For(Language language) => language == Language.Vietnamese ? Vietnamese : English;

    public static IReadOnlyList<PageText> All { get; } = [English, Vietnamese];
}

/// <summary>Which language a page is shown in: <c>?lang=</c> first, then the browser's Accept-Language, then the survey's own.</summary>
public static class PageLanguage
{
    public static Language Choose(HttpRequest request, Language fallback)
    {
        if (Parse(request.Query["lang"].ToString()) is { } chosen)
        {
            return chosen;
        }

        // Accept-Language ranges in order of preference; the first that names en or vi decides.
        var ranges = request.GetTypedHeaders().AcceptLanguage
            .Where(range => range.Quality is null or > 0)
            .OrderByDescending(range => range.Quality ?? 1);
        foreach (var range in ranges)
        {
            if (Parse(range.Value.Value) is { } accepted)
            {
                return accepted;
            }
        }

        return fallback;
    }

    /// <summary>"vi", "vi-VN" → Vietnamese; "en", "en-GB" → English; anything else null.</summary>
    public static Language? Parse(string? tag)
    {
        var primary = (tag ?? "").Split('-')[0].Trim();
        return primary.Equals("vi", StringComparison.OrdinalIgnoreCase) ? Language.Vietnamese
            : primary.Equals("en", StringComparison.OrdinalIgnoreCase) ? Language.English
            : null;
    }

    public static Language FromCode(string? code) => Parse(code) ?? Language.English;
}
