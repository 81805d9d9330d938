namespace Platform.Evaluation.Datasets.Suites;

/// <summary>What one difficulty level means for a suite, e.g. level 3 = "4 reasoning steps".</summary>
public sealed record LevelKnob(int Level, string Meaning);

/// <summary>
/// A procedural suite: produces fresh items for a difficulty level from a random stream. Output depends only on
/// the stream, so the same seed always gives the same items. Levels run from 1 (easiest) to 5.
/// </summary>
public interface ISuiteGenerator
{
    string Name { get; }

    /// <summary>Bumped whenever the same seed would produce different items.</summary>
    string Version { get; }

    TaskType TaskType { get; }
    AnswerKind AnswerKind { get; }
    string Description { get; }

    /// <summary>One entry per level 1..5, documenting the knob.</summary>
    IReadOnlyList<LevelKnob> Levels { get; }

    Item Generate(int level, SplitMix64 random, string id);
}
