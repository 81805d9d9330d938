using System.Globalization;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Evaluation.Datasets.Suites;

/// <summary>
/// Symbolic tracking: last-letter concatenation (join the last letter of each of n words) and coin flips
/// (track heads or tails through a sequence of people who flip or do not flip the coin).
/// </summary>
public sealed class SymbolicSuite : ISuiteGenerator
{
    public string Name => "symbolic";
    public string Version => "1";
    public TaskType TaskType => TaskType.Symbolic;
    public AnswerKind AnswerKind => AnswerKind.Text;
    public string Description => "Last-letter concatenation and coin-flip state tracking; level sets the number of words or flips.";

    public static int WordsFor(int level) => level + 1;
    public static int FlipsFor(int level) => 2 * level;

    public IReadOnlyList<LevelKnob> Levels { get; } =
        Enumerable.Range(1, 5).Select(l => new LevelKnob(l, $"{WordsFor(l)} words, or {FlipsFor(l)} people who may flip")).ToList();

    private static readonly string[] Names =
    [
        "Ada", "Bruno", "Chen", "Dara", "Eliot", "Farah", "Goran", "Hiro", "Imani", "Jonas", "Kira", "Luis", "Mira", "Nadia",
        "Oscar", "Pavel", "Quinn", "Rosa", "Sven", "Tamsin", "Umar", "Vera", "Wendell", "Xenia", "Yusuf", "Zelda",
    ];

    public Item Generate(int level, SplitMix64 random, string id) =>
        random.Chance(50) ? LastLetters(level, random, id) : CoinFlips(level, random, id);

    private static Item LastLetters(int level, SplitMix64 random, string id)
    {
        var words = random.Sample(Names, WordsFor(level));
        var answer = string.Concat(words.Select(w => char.ToLowerInvariant(w[^1])));
        var question = $"Take the last letter of each word in \"{string.Join(' ', words)}\" and join them in order. Give the resulting letters as one word.";
        return new Item(id, level, question, answer, Item.NoChoices, new Dictionary<string, string>
        {
            ["task"] = "last-letter",
            [TextChecker.IgnoreSpacesKey] = "true",
        });
    }

    private static Item CoinFlips(int level, SplitMix64 random, string id)
    {
        var people = random.Sample(Names, FlipsFor(level));
        var headsUp = true;
        var sentences = new List<string> { "A coin is heads up." };
        foreach (var person in people)
        {
            var flips = random.Chance(50);
            if (flips) headsUp = !headsUp;
            sentences.Add(flips ? $"{person} flips the coin." : $"{person} does not flip the coin.");
        }
        var answer = headsUp ? "heads" : "tails";
        sentences.Add("Is the coin heads up or tails up now? Answer heads or tails.");
        return new Item(id, level, string.Join(' ', sentences), answer, Item.NoChoices, new Dictionary<string, string>
        {
            ["task"] = "coin-flip",
            ["flips"] = people.Count.ToString(CultureInfo.InvariantCulture),
            [TextChecker.AliasesKey] = headsUp ? "heads up" : "tails up",
        });
    }
}
