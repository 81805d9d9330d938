using System.Globalization;

namespace Platform.Evaluation.Datasets.Suites;

/// <summary>
/// Grade-school word problems built from templated narratives: a person, a kind of object, containers, and a
/// chain of events that each apply one arithmetic step. Distractor sentences add numbers that do not matter.
/// Every intermediate quantity is a non-negative integer, so the answer is a whole number.
/// </summary>
public sealed class ArithmeticSuite : ISuiteGenerator
{
    public string Name => "arithmetic";
    public string Version => "1";
    public TaskType TaskType => TaskType.Arithmetic;
    public AnswerKind AnswerKind => AnswerKind.Number;
    public string Description => "Multi-step word problems with whole-number answers and distractor sentences; level sets the number of reasoning steps.";

    public IReadOnlyList<LevelKnob> Levels { get; } =
    [
        new(1, "2 arithmetic steps, 1 distractor sentence"),
        new(2, "3 steps, 1 distractor"),
        new(3, "4 steps, 2 distractors"),
        new(4, "5 steps, 2 distractors"),
        new(5, "6 steps, 3 distractors"),
    ];

    public static int StepsFor(int level) => level + 1;
    public static int DistractorsFor(int level) => (level + 1) / 2;

    private sealed record Theme(string Items, string Item, string Containers, string Container, string Verb);

    private static readonly Theme[] Themes =
    [
        new("marbles", "marble", "bags", "bag", "collects"),
        new("apples", "apple", "baskets", "basket", "picks"),
        new("stickers", "sticker", "sheets", "sheet", "collects"),
        new("cookies", "cookie", "trays", "tray", "bakes"),
        new("pencils", "pencil", "boxes", "box", "buys"),
        new("stamps", "stamp", "albums", "album", "collects"),
        new("eggs", "egg", "cartons", "carton", "gathers"),
        new("seashells", "seashell", "buckets", "bucket", "finds"),
    ];

    private static readonly string[] People =
        ["Maya", "Omar", "Lena", "Tariq", "Sofia", "Kenji", "Amara", "Lucas", "Priya", "Diego", "Hana", "Felix", "Zara", "Noah", "Ines", "Ravi"];

    private static readonly string[] Relatives = ["cousin", "neighbor", "teacher", "aunt", "brother", "coach"];

    public Item Generate(int level, SplitMix64 random, string id)
    {
        var steps = StepsFor(level);
        var theme = random.Pick(Themes);
        var names = random.Sample(People, 3);
        var (hero, friend, other) = (names[0], names[1], names[2]);
        var story = new List<string>();
        int count;
        var done = 0;

        if (random.Chance(50))
        {
            var containers = random.Between(2, 6);
            var each = random.Between(3, 12);
            story.Add($"{hero} has {containers} {theme.Containers} with {each} {theme.Items} in each {theme.Container}.");
            count = containers * each;
            done = 1;
        }
        else
        {
            count = random.Between(12, 60);
            story.Add($"{hero} has {count} {theme.Items}.");
        }

        var sellAtEnd = random.Chance(35);
        var eventSteps = steps - done - (sellAtEnd ? 1 : 0);
        while (eventSteps > 0)
        {
            var (sentence, value, cost) = NextEvent(random, theme, hero, friend, count, eventSteps);
            story.Add(sentence);
            count = value;
            eventSteps -= cost;
        }

        string question;
        string answer;
        if (sellAtEnd)
        {
            var price = random.Between(2, 9);
            question = $"{hero} then sells all of the {theme.Items} for ${price} each. How many dollars does {hero} receive?";
            answer = (count * price).ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            question = $"How many {theme.Items} does {hero} have now?";
            answer = count.ToString(CultureInfo.InvariantCulture);
        }

        var distractors = DistractorsFor(level);
        for (var i = 0; i < distractors; i++)
            story.Insert(random.Between(1, story.Count), Distractor(random, theme, hero, other));

        var text = string.Join(' ', story) + " " + question + " Give the answer as a single whole number.";
        return new Item(id, level, text, answer, Item.NoChoices, new Dictionary<string, string>
        {
            ["steps"] = steps.ToString(CultureInfo.InvariantCulture),
            ["distractors"] = distractors.ToString(CultureInfo.InvariantCulture),
        });
    }

    private static (string Sentence, int Value, int Cost) NextEvent(SplitMix64 random, Theme theme, string hero, string friend, int count, int stepsLeft)
    {
        var options = new List<int> { 0, 1 };
        if (count <= 150) options.Add(2);
        if (Divisors(count).Count > 0) options.Add(3);
        if (stepsLeft >= 2 && count <= 500) options.Add(4);
        switch (random.Pick(options))
        {
            case 0:
                var more = random.Between(3, 25);
                return (random.Pick<string>([
                    $"{hero} {theme.Verb} {more} more {theme.Items}.",
                    $"{friend} gives {hero} {more} {theme.Items}.",
                ]), count + more, 1);
            case 1 when count > 2:
                var less = random.Between(1, Math.Min(count - 1, 30));
                return (random.Pick<string>([
                    $"{hero} gives {less} {theme.Items} to {friend}.",
                    $"{hero} loses {less} {theme.Items} on the way home.",
                ]), count - less, 1);
            case 2:
                var factor = random.Between(2, 3);
                var word = factor == 2 ? "twice" : "three times";
                return ($"After a trade, {hero} has {word} as many {theme.Items} as before.", count * factor, 1);
            case 3:
                var parts = random.Pick(Divisors(count));
                return ($"{hero} splits the {theme.Items} equally into {parts} {theme.Containers} and gives away every {theme.Container} except one, keeping the {theme.Items} in it.", count / parts, 1);
            case 4:
                var packs = random.Between(2, 5);
                var per = random.Between(2, 10);
                return ($"{hero} also buys {packs} {theme.Containers} that hold {per} {theme.Items} each.", count + packs * per, 2);
            default:
                var extra = random.Between(3, 25);
                return ($"{friend} gives {hero} {extra} {theme.Items}.", count + extra, 1);
        }
    }

    private static List<int> Divisors(int count) =>
        Enumerable.Range(2, 5).Where(d => count % d == 0 && count / d >= 2).ToList();

    private static string Distractor(SplitMix64 random, Theme theme, string hero, string other)
    {
        var n = random.Between(2, 40);
        var relative = random.Pick(Relatives);
        return random.Next(4) switch
        {
            0 => $"{other} is {n + 5} years old.",
            1 => $"The store is {n} blocks from {hero}'s house.",
            2 => $"{hero}'s {relative} has {n} books.",
            _ => $"It takes {hero} {n} minutes to walk to school.",
        };
    }
}
