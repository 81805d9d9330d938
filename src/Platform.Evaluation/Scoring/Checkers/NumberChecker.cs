using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>
/// Compares numbers by exact value. A side written with a percent sign may stand for the number or the number
/// divided by 100, so "45%" matches a target of 45 or 0.45 (but a bare "45" does not match 0.45).
/// An item may allow an absolute tolerance with metadata <c>tolerance</c> (a decimal such as "0.01");
/// without it the comparison is exact.
/// </summary>
public sealed class NumberChecker : IAnswerChecker
{
    public const string ToleranceKey = "tolerance";

    public string Version => "number/1";

    public AnswerCheck Check(Item item, string answer)
    {
        if (!NumberText.TryReadSingle(item.Target, out var target, out var targetProblem))
            return AnswerCheck.Wrong($"the item's target is not a single number: {targetProblem}");
        if (!NumberText.TryReadSingle(answer, out var given, out var problem))
            return AnswerCheck.Wrong(problem);

        var tolerance = Rational.Zero;
        if (item.Metadata.TryGetValue(ToleranceKey, out var toleranceText))
        {
            if (!NumberText.TryReadSingle(toleranceText, out var toleranceReading, out _))
                return AnswerCheck.Wrong($"the item's tolerance '{toleranceText}' is not a number");
            tolerance = toleranceReading.Value.Abs();
        }

        foreach (var a in given.PossibleValues)
            foreach (var t in target.PossibleValues)
                if ((a - t).Abs() <= tolerance)
                    return AnswerCheck.Correct;

        var within = tolerance.IsZero ? "" : $" (tolerance {tolerance.ToDecimalString()})";
        return AnswerCheck.Wrong($"{given.Text} is {given.Value.ToDecimalString()}, expected {target.Text}{within}");
    }
}
