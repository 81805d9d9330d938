using System.Globalization;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Scoring;

namespace Platform.Evaluation.Tests.Fakes;

/// <summary>Numbers by value, anything else by case-insensitive text: enough to exercise scoring here.</summary>
public sealed class SimpleChecker : IAnswerChecker
{
    public string Version => "simple-1";

    public AnswerCheck Check(Item item, string answer)
    {
        static decimal? Number(string text) => decimal.TryParse(
            text.Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal),
            NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

        if (Number(answer) is { } given && Number(item.Target) is { } expected)
        {
            return given == expected ? AnswerCheck.Correct : AnswerCheck.Wrong($"{given} is not {expected}");
        }
        return string.Equals(answer.Trim(), item.Target, StringComparison.OrdinalIgnoreCase)
            ? AnswerCheck.Correct
            : AnswerCheck.Wrong($"'{answer}' is not '{item.Target}'");
    }
}

public static class TestData
{
    public static Item NumberItem(string id = "n1", string target = "42", int level = 1, string? question = null) =>
        new(id, level, question ?? $"What is 6 times 7? ({id})", target, Item.NoChoices, Item.NoMetadata);

    public static Item ChoiceItem(string id = "c1", string target = "B") =>
        new(id, 1, "Which animal is a mammal?", target, ["Shark", "Whale", "Trout", "Eel"], Item.NoMetadata);

    public static Suite NumberSuite(int items, TaskType taskType = TaskType.Arithmetic) => new(
        "numbers", "1", taskType, AnswerKind.Number, "test numbers",
        Enumerable.Range(0, items).Select(i => NumberItem($"n{i}", "42", 1 + i % 3)).ToList(), new SimpleChecker());

    public static Suite ChoiceSuite() => new(
        "choices", "1", TaskType.Commonsense, AnswerKind.Choice, "test choices", [ChoiceItem()], new SimpleChecker());
}
