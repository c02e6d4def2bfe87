namespace Kano.Analysis;

/// <summary>The five answer positions of a Kano question, in questionnaire order (method §1).</summary>
public enum Answer
{
    Like = 1,
    MustBe = 2,
    Neutral = 3,
    LiveWith = 4,
    Dislike = 5,
}
