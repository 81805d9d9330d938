using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>
/// Sequences such as "[1, 2, 3]", "(1, 2, 3)", "1 2 3" or "1; 2; 3". Elements split on commas or semicolons when
/// the answer has any, otherwise on whitespace. Elements that are numbers compare by value ("2.0" = "2"),
/// others by normalised text. Metadata <c>order</c> = "any" compares as multisets (order ignored, repeats
/// counted). Between numbers, "and" separates too ("1, 2 and 3"). A single value ("7", "yes") is a list of one, so one-value algorithmic answers use this checker too.
/// </summary>
public sealed partial class ListChecker : IAnswerChecker
{
    public const string OrderKey = "order";
    public const string AnyOrder = "any";

    public string Version => "list/1";

    public AnswerCheck Check(Item item, string answer)
    {
        var expected = Split(item.Target);
        var given = Split(answer);
        if (given.Count == 0) return AnswerCheck.Wrong("the answer holds no elements");
        var anyOrder = item.Metadata.TryGetValue(OrderKey, out var order) && order == AnyOrder;

        if (given.Count != expected.Count)
            return AnswerCheck.Wrong($"expected {expected.Count} element(s), got {given.Count}: [{string.Join(", ", given.Select(e => e.Text))}]");

        if (!anyOrder)
        {
            for (var i = 0; i < expected.Count; i++)
                if (!expected[i].SameAs(given[i]))
                    return AnswerCheck.Wrong($"element {i + 1} is {given[i].Text}, expected {expected[i].Text}");
            return AnswerCheck.Correct;
        }

        var unmatched = expected.ToList();
        var extra = new List<string>();
        foreach (var element in given)
        {
            var index = unmatched.FindIndex(e => e.SameAs(element));
            if (index >= 0) unmatched.RemoveAt(index);
            else extra.Add(element.Text);
        }
        return unmatched.Count == 0
            ? AnswerCheck.Correct
            : AnswerCheck.Wrong($"missing {string.Join(", ", unmatched.Select(e => e.Text))}; unexpected {string.Join(", ", extra)} (order does not matter)");
    }

    public static IReadOnlyList<ListElement> Split(string text)
    {
        var body = text.Trim().TrimEnd('.').Trim();
        while (body.Length >= 2 && IsBracketPair(body[0], body[^1])) body = body[1..^1].Trim();
        // "1, 2 and 3" or "0 and 3": between numbers "and" is a separator; inside text items it is not touched.
        if (NumbersJoinedByAnd().IsMatch(body)) body = AndWord().Replace(body, ",");
        var separators = body.Contains(',') || body.Contains(';') ? new[] { ',', ';' } : new[] { ' ', '\t', '\n', '\r' };
        return body.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.Trim('"', '\'', '`'))
            .Where(e => e.Length > 0)
            .Select(ListElement.Of)
            .ToList();
    }

    [GeneratedRegex(@"^[-0-9.\s,;]+(?:\band\b[-0-9.\s,;]+)+$", RegexOptions.IgnoreCase)]
    private static partial Regex NumbersJoinedByAnd();

    [GeneratedRegex(@",?\s*\band\b\s*", RegexOptions.IgnoreCase)]
    private static partial Regex AndWord();

    private static bool IsBracketPair(char open, char close) =>
        (open, close) is ('[', ']') or ('(', ')') or ('{', '}');
}

/// <summary>One element of a list answer: its text and, when it is a plain number, its value.</summary>
public sealed record ListElement(string Text, Rational? Number, string Normalized)
{
    public static ListElement Of(string text)
    {
        var numbers = NumberText.FindAll(text);
        // Only a number that is the whole element counts as one: "2 apples" stays text.
        Rational? value = numbers.Count == 1 && numbers[0].Text == text.Trim() && !numbers[0].IsPercent ? numbers[0].Value : null;
        return new ListElement(text, value, TextNormalizer.Normalize(text));
    }

    public bool SameAs(ListElement other) =>
        Number is not null && other.Number is not null ? Number == other.Number : Normalized == other.Normalized;
}
