using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Tests.Checkers;

internal static class CheckerItems
{
    public static Item With(string target, IReadOnlyList<string>? choices = null, params (string Key, string Value)[] metadata) =>
        new("test-1", 1, "question", target, choices ?? Item.NoChoices, metadata.ToDictionary(m => m.Key, m => m.Value));
}
