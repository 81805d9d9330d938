using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>The checker for each answer kind. Checkers hold no state, so one instance serves every suite.</summary>
public static class AnswerCheckers
{
    public static IAnswerChecker Number { get; } = new NumberChecker();
    public static IAnswerChecker Choice { get; } = new ChoiceChecker();
    public static IAnswerChecker Text { get; } = new TextChecker();
    public static IAnswerChecker List { get; } = new ListChecker();
    public static IAnswerChecker Expression { get; } = new ExpressionChecker();
    public static IAnswerChecker Plan { get; } = new PlanChecker();

    public static IAnswerChecker For(AnswerKind kind) => kind switch
    {
        AnswerKind.Number => Number,
        AnswerKind.Choice => Choice,
        AnswerKind.Text => Text,
        AnswerKind.List => List,
        AnswerKind.Expression => Expression,
        AnswerKind.Plan => Plan,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no checker for this answer kind"),
    };
}
