namespace Kano.Analysis.ServiceQuality;

/// <summary>The questions a staff audience answers: the customer's pair, asked about a customer ("How would a customer feel if…").</summary>
public static class AudienceWording
{
    public static string StaffFunctionalQuestion(string featureName, Language language) =>
        KanoTexts.Format("Audience.Staff.Functional", language, featureName.Trim());

    public static string StaffDysfunctionalQuestion(string featureName, Language language) =>
        KanoTexts.Format("Audience.Staff.Dysfunctional", language, featureName.Trim());
}
