using System.Globalization;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Evaluation.Datasets.Suites;

/// <summary>
/// Logical deduction, multiple choice, alternating two kinds of puzzle:
/// ordering puzzles (entities in a row; clues until exactly one order remains, checked by enumerating every
/// order) and chained categorical syllogisms with nonsense words (checked by enumerating every Venn region).
/// Exactly one option is entailed; the others are not.
/// </summary>
public sealed class DeductionSuite : ISuiteGenerator
{
    public string Name => "deduction";
    public string Version => "1";
    public TaskType TaskType => TaskType.Logic;
    public AnswerKind AnswerKind => AnswerKind.Choice;
    public string Description => "Ordering puzzles and chained syllogisms with exactly one provably correct option; level sets the number of entities or terms.";

    public IReadOnlyList<LevelKnob> Levels { get; } =
    [
        new(1, "3 entities in a row (4 options) or a 2-premise syllogism"),
        new(2, "4 entities or 3 premises (5 options)"),
        new(3, "5 entities or 4 premises"),
        new(4, "6 entities or 5 premises"),
        new(5, "7 entities or 6 premises"),
    ];

    public static int EntitiesFor(int level) => level + 2;
    public static int OptionsFor(int level) => level == 1 ? 4 : 5;

    public Item Generate(int level, SplitMix64 random, string id) =>
        random.Chance(50) ? Ordering(level, random, id) : Syllogism(level, random, id);

    // ---- ordering puzzles -------------------------------------------------------------------------

    private sealed record Scene(string Intro, string[] Entities, Func<string, string, string> Before,
        Func<string, string, string> JustBefore, Func<string, int, int, string> AtPosition, string Question);

    private static readonly Scene[] Scenes =
    [
        new("On a shelf, {0} books stand in a row from left to right: {1}.",
            ["the red book", "the blue book", "the green book", "the white book", "the black book", "the orange book", "the gray book"],
            (a, b) => $"{Cap(a)} is somewhere to the left of {b}.",
            (a, b) => $"{Cap(a)} is immediately to the left of {b}.",
            (a, position, n) => $"{Cap(a)} is the {Ordinal(position)} from the left.",
            "Which statement is true?"),
        new("In a race, {0} runners finished one after another with no ties: {1}.",
            ["Ada", "Bruno", "Chen", "Dara", "Eli", "Farah", "Goran"],
            (a, b) => $"{a} finished before {b}.",
            (a, b) => $"{a} finished immediately before {b}.",
            (a, position, n) => position == n ? $"{a} finished last." : $"{a} finished {Ordinal(position)}.",
            "Which statement is true?"),
    ];

    /// <summary>A clue about an order: holds(order) where order[i] is the entity at position i.</summary>
    internal sealed record Clue(string Text, Func<int[], bool> Holds, int? FixesEntity = null);

    private static Item Ordering(int level, SplitMix64 random, string id)
    {
        var n = EntitiesFor(level);
        var scene = random.Pick(Scenes);
        var names = random.Sample(scene.Entities, n);
        var hidden = Enumerable.Range(0, n).ToArray();
        random.Shuffle(hidden);
        var position = new int[n];
        for (var p = 0; p < n; p++) position[hidden[p]] = p;

        var candidates = new List<Clue>();
        for (var a = 0; a < n; a++)
        {
            var (ea, pa) = (a, position[a]);
            candidates.Add(new Clue(scene.AtPosition(names[a], pa + 1, n), order => order[pa] == ea, ea));
            for (var b = 0; b < n; b++)
            {
                if (a == b || position[a] >= position[b]) continue;
                var eb = b;
                candidates.Add(new Clue(scene.Before(names[a], names[b]), order => IndexOf(order, ea) < IndexOf(order, eb)));
                if (position[b] == position[a] + 1)
                    candidates.Add(new Clue(scene.JustBefore(names[a], names[b]), order => IndexOf(order, ea) + 1 == IndexOf(order, eb)));
            }
        }
        // Position clues give the answer away too easily; prefer relational clues by trying them first.
        random.Shuffle(candidates);
        candidates = candidates.OrderBy(c => c.FixesEntity is null ? 0 : 1).ToList();

        var orders = Permutations(n).ToList();
        var clues = new List<Clue>();
        foreach (var clue in candidates)
        {
            var narrowed = orders.Where(clue.Holds).ToList();
            if (narrowed.Count == orders.Count) continue;
            clues.Add(clue);
            orders = narrowed;
            if (orders.Count == 1) break;
        }
        clues = Minimize(clues, n);
        random.Shuffle(clues);

        // Options: statements "X is at position p"; exactly one matches the single consistent order.
        var optionCount = OptionsFor(level);
        // The true option must be deduced, not read off a clue that states it.
        var unstated = Enumerable.Range(0, n).Where(e => clues.All(c => c.FixesEntity != e)).ToList();
        var trueEntity = unstated.Count > 0 ? random.Pick(unstated) : random.Next(n);
        var statements = new List<(string Text, bool True)> { (scene.AtPosition(names[trueEntity], position[trueEntity] + 1, n), true) };
        var falsePool = new List<string>();
        for (var e = 0; e < n; e++)
            for (var p = 0; p < n; p++)
                if (position[e] != p) falsePool.Add(scene.AtPosition(names[e], p + 1, n));
        statements.AddRange(random.Sample(falsePool, optionCount - 1).Select(s => (s, false)));
        random.Shuffle(statements);

        var listed = string.Join(", ", names.Order(StringComparer.Ordinal));
        var intro = string.Format(CultureInfo.InvariantCulture, scene.Intro, Words(n), listed);
        var question = $"{intro} {string.Join(' ', clues.Select(c => c.Text))} {scene.Question}";
        return Choice(id, level, question, statements, "ordering", clues.Count);
    }

    /// <summary>Drops clues that the others already imply, so the puzzle needs every clue it states.</summary>
    private static List<Clue> Minimize(List<Clue> clues, int n)
    {
        var kept = clues.ToList();
        for (var i = kept.Count - 1; i >= 0; i--)
        {
            var without = kept.Where((_, k) => k != i).ToList();
            if (CountConsistent(without, n) == 1) kept = without;
        }
        return kept;
    }

    internal static int CountConsistent(IReadOnlyList<Clue> clues, int n) =>
        Permutations(n).Count(order => clues.All(c => c.Holds(order)));

    private static int IndexOf(int[] order, int entity) => Array.IndexOf(order, entity);

    internal static IEnumerable<int[]> Permutations(int n)
    {
        var current = Enumerable.Range(0, n).ToArray();
        while (true)
        {
            yield return (int[])current.Clone();
            var i = n - 2;
            while (i >= 0 && current[i] >= current[i + 1]) i--;
            if (i < 0) yield break;
            var j = n - 1;
            while (current[j] <= current[i]) j--;
            (current[i], current[j]) = (current[j], current[i]);
            Array.Reverse(current, i + 1, n - i - 1);
        }
    }

    // ---- syllogisms ---------------------------------------------------------------------------------

    private static readonly string[] Terms = ["wumpuses", "zorps", "glims", "blickets", "daxes", "feps", "tovs", "quibs", "snarks"];

    internal enum Form { All, No, Some, SomeNot }

    /// <summary>A categorical statement about terms X and Y (indices into the term list).</summary>
    internal sealed record Statement(Form Form, int X, int Y)
    {
        public string Text(IReadOnlyList<string> terms) => Form switch
        {
            Form.All => $"All {terms[X]} are {terms[Y]}.",
            Form.No => $"No {terms[X]} are {terms[Y]}.",
            Form.Some => $"Some {terms[X]} are {terms[Y]}.",
            _ => $"Some {terms[X]} are not {terms[Y]}.",
        };

        public Statement Negation() => Form switch
        {
            Form.All => this with { Form = Form.SomeNot },
            Form.SomeNot => this with { Form = Form.All },
            Form.No => this with { Form = Form.Some },
            _ => this with { Form = Form.No },
        };
    }

    /// <summary>
    /// Whether the premises (with every term non-empty) entail the conclusion: the premises plus the conclusion's
    /// negation must be unsatisfiable. A region of the Venn diagram is a subset of the terms; "All"/"No" forbid
    /// regions, "Some" needs an allowed region. Witnesses for different "Some" statements can live in different
    /// regions, so satisfiable iff every existential requirement has an allowed region: exact, by enumeration.
    /// </summary>
    internal static bool Entails(IReadOnlyList<Statement> premises, Statement conclusion, int termCount)
    {
        var all = premises.Append(conclusion.Negation()).ToList();
        var regions = 1 << termCount;
        bool Inside(int region, int term) => (region & (1 << term)) != 0;
        var allowed = new bool[regions];
        for (var r = 1; r < regions; r++)
            allowed[r] = all.All(s => s.Form switch
            {
                Form.All => !(Inside(r, s.X) && !Inside(r, s.Y)),
                Form.No => !(Inside(r, s.X) && Inside(r, s.Y)),
                _ => true,
            });
        bool Witnessed(Func<int, bool> wanted) => Enumerable.Range(1, regions - 1).Any(r => allowed[r] && wanted(r));
        var satisfiable =
            Enumerable.Range(0, termCount).All(t => Witnessed(r => Inside(r, t))) &&
            all.All(s => s.Form switch
            {
                Form.Some => Witnessed(r => Inside(r, s.X) && Inside(r, s.Y)),
                Form.SomeNot => Witnessed(r => Inside(r, s.X) && !Inside(r, s.Y)),
                _ => true,
            });
        return !satisfiable;
    }

    private static Item Syllogism(int level, SplitMix64 random, string id)
    {
        var termCount = EntitiesFor(level);
        var terms = random.Sample(Terms, termCount);
        var optionCount = OptionsFor(level);
        while (true)
        {
            // A chain T0 -> T1 -> ... -> Tk; the first link may be "Some", the last may be "No".
            var premises = new List<Statement>();
            for (var i = 0; i + 1 < termCount; i++)
            {
                var form = i == 0 && random.Chance(30) ? Form.Some
                    : i == termCount - 2 && random.Chance(40) ? Form.No
                    : Form.All;
                premises.Add(new Statement(form, i, i + 1));
            }
            var last = termCount - 1;
            var pool = new List<Statement>();
            foreach (var form in Enum.GetValues<Form>())
                for (var x = 0; x < termCount; x++)
                    for (var y = 0; y < termCount; y++)
                        if (x != y && !premises.Contains(new Statement(form, x, y))) pool.Add(new Statement(form, x, y));
            var entailedEndToEnd = pool.Where(s => s.X == 0 && s.Y == last && Entails(premises, s, termCount)).ToList();
            var notEntailed = pool.Where(s => !Entails(premises, s, termCount)).ToList();
            if (entailedEndToEnd.Count == 0 || notEntailed.Count < optionCount - 1) continue;

            var right = random.Pick(entailedEndToEnd);
            // Prefer distractors about the same two end terms: they are the tempting ones.
            var tempting = notEntailed.Where(s => (s.X == 0 && s.Y == last) || (s.X == last && s.Y == 0)).ToList();
            random.Shuffle(tempting);
            var others = random.Sample(notEntailed.Except(tempting).ToList(), optionCount - 1);
            var wrong = tempting.Concat(others).Take(optionCount - 1).ToList();

            var statements = new List<(string Text, bool True)> { (right.Text(terms), true) };
            statements.AddRange(wrong.Select(s => (s.Text(terms), false)));
            random.Shuffle(statements);
            var shuffledPremises = premises.ToList();
            random.Shuffle(shuffledPremises);
            var question =
                "Assume the following statements are true, and that there is at least one of each kind of thing named. " +
                string.Join(' ', shuffledPremises.Select(p => p.Text(terms))) +
                " Which of the following conclusions must be true?";
            return Choice(id, level, question, statements, "syllogism", premises.Count);
        }
    }

    // ---- shared --------------------------------------------------------------------------------------

    // The options travel in Choices, not in the question text: the style letters and shows them.
    private static Item Choice(string id, int level, string question, List<(string Text, bool True)> statements, string kind, int clueCount)
    {
        var correct = statements.FindIndex(s => s.True);
        return new Item(id, level, question, ChoiceChecker.Letter(correct), statements.Select(s => s.Text).ToList(), new Dictionary<string, string>
        {
            ["puzzle"] = kind,
            ["clues"] = clueCount.ToString(CultureInfo.InvariantCulture),
        });
    }

    private static string Cap(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Words(int n) => n switch { 3 => "three", 4 => "four", 5 => "five", 6 => "six", _ => "seven" };

    private static string Ordinal(int position) => position switch
    {
        1 => "first", 2 => "second", 3 => "third", 4 => "fourth", 5 => "fifth", 6 => "sixth", _ => "seventh",
    };
}
