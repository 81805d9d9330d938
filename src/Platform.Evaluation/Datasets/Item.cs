
namespace Platform.Evaluation.Datasets;

/// <summary>What kind of reasoning a suite exercises; the leaderboard groups recommendations by it.</summary>
public enum TaskType { Arithmetic, Math, Logic, Planning, Algorithmic, Symbolic, Commonsense, Puzzle }

/// <summary>
/// One question of a suite. <see cref="Choices"/> is empty unless the item is multiple choice, in which case
/// options are lettered A, B, C... in order. <see cref="Target"/> is the reference answer in its canonical
/// text form (a number, a letter, a plan, a list); suites whose answers are verified rather than compared
/// (Game of 24, Blocksworld) keep what the verifier needs in the item itself.
/// </summary>
public sealed record Item(
    string Id,
    int Level,
    string Question,
    string Target,
    IReadOnlyList<string> Choices,
    IReadOnlyDictionary<string, string> Metadata)
{
    public static readonly IReadOnlyList<string> NoChoices = [];
    public static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    /// <summary>Stable hash of everything the model is asked and judged against.</summary>
    public string ContentHash => Hashing.Sha256Hex(
        string.Join('\u001f', [Id, Level.ToString(System.Globalization.CultureInfo.InvariantCulture), Question, Target,
            string.Join('\u001e', Choices),
            string.Join('\u001e', Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Key + "=" + m.Value))]));
}
