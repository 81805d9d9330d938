using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>
/// Game of 24 verifier. Metadata <c>numbers</c> holds the given numbers ("3 3 8 8"); <c>goal</c> the value to
/// reach (24 when absent). The answer must be an expression (see <see cref="ArithmeticExpression"/>) that uses
/// every given number exactly once, no other number, and evaluates exactly to the goal. A trailing "= 24" (or a
/// leading "24 =") is allowed when it states the goal; any correct expression counts, not only the target.
/// LaTeX operators (\times, \cdot, \div, \left, \right) and "$" delimiters are read as plain arithmetic.
/// </summary>
public sealed partial class ExpressionChecker : IAnswerChecker
{
    public const string NumbersKey = "numbers";
    public const string GoalKey = "goal";

    public string Version => "expression/1";

    [GeneratedRegex(@"^\s*(?<claim>[-0-9./]+)\s*=(?!=)|=\s*(?<claim>[-0-9./]+)\s*$")]
    private static partial Regex ClaimedResult();

    // Models often write LaTeX operators; reading them costs nothing and keeps a right answer from scoring wrong.
    private static string WithoutLatex(string text) => text
        .Replace("\\times", "*", StringComparison.Ordinal).Replace("\\cdot", "*", StringComparison.Ordinal)
        .Replace("\\div", "/", StringComparison.Ordinal).Replace("\\left", "", StringComparison.Ordinal)
        .Replace("\\right", "", StringComparison.Ordinal).Replace("$", "", StringComparison.Ordinal);

    public AnswerCheck Check(Item item, string answer)
    {
        if (!item.Metadata.TryGetValue(NumbersKey, out var numbersText))
            return AnswerCheck.Wrong("the item has no 'numbers' metadata to check against");
        var numbers = NumberText.FindAll(numbersText).Select(r => r.Value).ToList();
        var goal = item.Metadata.TryGetValue(GoalKey, out var goalText) && NumberText.TryReadSingle(goalText, out var g, out _)
            ? g.Value
            : new Rational(24, 1);

        var expressionText = WithoutLatex(answer).Trim().TrimEnd('.').Trim();
        var claim = ClaimedResult().Match(expressionText);
        if (claim.Success)
        {
            if (!NumberText.TryReadSingle(claim.Groups["claim"].Value, out var claimed, out _) || claimed.Value != goal)
                return AnswerCheck.Wrong($"the answer states '= {claim.Groups["claim"].Value}', but the goal is {goal}");
            expressionText = expressionText.Remove(claim.Index, claim.Length).Trim();
        }

        if (!ArithmeticExpression.TryEvaluate(expressionText, out var expression, out var problem))
            return AnswerCheck.Wrong($"cannot read the expression: {problem}");

        var remaining = numbers.ToList();
        var foreign = new List<Rational>();
        foreach (var literal in expression.Literals)
        {
            var index = remaining.IndexOf(literal);
            if (index >= 0) remaining.RemoveAt(index);
            else foreign.Add(literal);
        }
        var given = string.Join(' ', numbers);
        if (foreign.Count > 0)
        {
            var overused = foreign.Where(numbers.Contains).Distinct().ToList();
            return overused.Count > 0
                ? AnswerCheck.Wrong($"uses {string.Join(", ", overused)} more often than given ({given}); each number must be used exactly once")
                : AnswerCheck.Wrong($"uses {string.Join(", ", foreign.Distinct())}, which is not among the given numbers ({given})");
        }
        if (remaining.Count > 0)
            return AnswerCheck.Wrong($"does not use {string.Join(", ", remaining)}; each of {given} must be used exactly once");
        return expression.Value == goal
            ? AnswerCheck.Correct
            : AnswerCheck.Wrong($"the expression equals {expression.Value}, not {goal}");
    }
}
