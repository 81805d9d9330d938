using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Datasets.Suites;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Evaluation.Tests.Suites;

/// <summary>
/// Re-reads every generated puzzle from its text alone and brute-forces it, independently of the generator:
/// exactly one option must follow from the stated facts, and it must be the target.
/// </summary>
public class DeductionSuiteTests
{
    private static readonly string[] Ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Ordering_puzzles_have_exactly_one_entailed_option_which_is_the_target(int level)
    {
        var items = BuiltInSuites.Build($"deduction@{level}", 13, 16).Items.Where(i => i.Metadata["puzzle"] == "ordering").ToList();
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            var facts = item.Question.Split('\n')[0];
            var entities = Regex.Match(facts, @": ([^.]+)\.").Groups[1].Value.Split(", ").Select(e => e.ToLowerInvariant()).ToList();
            Assert.Equal(DeductionSuite.EntitiesFor(level), entities.Count);
            var clues = Regex.Matches(facts[(facts.IndexOf(':') + 1)..], @"[^.?]+\.").Skip(1).Select(m => m.Value.Trim()).ToList();
            Assert.NotEmpty(clues);

            var consistent = Permutations(entities).Where(order => clues.All(c => Holds(c, order))).ToList();
            Assert.NotEmpty(consistent);
            var entailed = item.Choices.Select((c, i) => (c, i)).Where(o => consistent.All(order => Holds(o.c, order))).ToList();
            Assert.Equal(DeductionSuite.OptionsFor(level), item.Choices.Count);
            var only = Assert.Single(entailed);
            Assert.Equal(ChoiceChecker.Letter(only.i), item.Target);
        }
    }

    private static bool Holds(string sentence, IReadOnlyList<string> order)
    {
        int At(string name) => order.ToList().IndexOf(name.ToLowerInvariant());
        Match m;
        if ((m = Regex.Match(sentence, @"^(.+) is somewhere to the left of (.+)\.$")).Success) return At(m.Groups[1].Value) < At(m.Groups[2].Value);
        if ((m = Regex.Match(sentence, @"^(.+) is immediately to the left of (.+)\.$")).Success) return At(m.Groups[1].Value) + 1 == At(m.Groups[2].Value);
        if ((m = Regex.Match(sentence, @"^(.+) is the (\w+) from the left\.$")).Success) return At(m.Groups[1].Value) == Array.IndexOf(Ordinals, m.Groups[2].Value);
        if ((m = Regex.Match(sentence, @"^(.+) finished immediately before (.+)\.$")).Success) return At(m.Groups[1].Value) + 1 == At(m.Groups[2].Value);
        if ((m = Regex.Match(sentence, @"^(.+) finished before (.+)\.$")).Success) return At(m.Groups[1].Value) < At(m.Groups[2].Value);
        if ((m = Regex.Match(sentence, @"^(.+) finished last\.$")).Success) return At(m.Groups[1].Value) == order.Count - 1;
        if ((m = Regex.Match(sentence, @"^(.+) finished (\w+)\.$")).Success) return At(m.Groups[1].Value) == Array.IndexOf(Ordinals, m.Groups[2].Value);
        throw new Xunit.Sdk.XunitException($"unrecognised sentence '{sentence}'");
    }

    private static IEnumerable<List<string>> Permutations(List<string> items) =>
        items.Count <= 1 ? [items] : items.SelectMany(first => Permutations(items.Where(i => i != first).ToList()).Select(rest => rest.Prepend(first).ToList()));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Syllogisms_have_exactly_one_conclusion_true_in_every_model(int level)
    {
        // Full model enumeration: every choice of which Venn regions are inhabited (2^(2^terms - 1) models).
        var items = BuiltInSuites.Build($"deduction@{level}", 21, 16).Items.Where(i => i.Metadata["puzzle"] == "syllogism").ToList();
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            var premises = Regex.Matches(item.Question.Split('\n')[0], @"(All|No|Some) (\w+) are (not )?(\w+)\.").Select(Parse).ToList();
            var terms = premises.SelectMany(p => new[] { p.X, p.Y }).Distinct().ToList();
            Assert.Equal(DeductionSuite.EntitiesFor(level), terms.Count);
            var conclusions = item.Choices.Select(c => Parse(Regex.Match(c, @"^(All|No|Some) (\w+) are (not )?(\w+)\.$"))).ToList();
            var entailed = conclusions.Select((c, i) => (c, i)).Where(o => EntailedByEnumeration(premises, o.c, terms)).ToList();
            var only = Assert.Single(entailed);
            Assert.Equal(ChoiceChecker.Letter(only.i), item.Target);
        }
    }

    [Fact]
    public void Generator_entailment_agrees_with_full_model_enumeration()
    {
        var random = new SplitMix64(99);
        string[] terms = ["t0", "t1", "t2", "t3"];
        var forms = Enum.GetValues<DeductionSuite.Form>();
        for (var trial = 0; trial < 300; trial++)
        {
            var premises = Enumerable.Range(0, random.Between(1, 4)).Select(_ => RandomStatement(random, forms)).ToList();
            var conclusion = RandomStatement(random, forms);
            var expected = EntailedByEnumeration(
                premises.Select(p => (p.Form.ToString(), terms[p.X], terms[p.Y])).ToList(),
                (conclusion.Form.ToString(), terms[conclusion.X], terms[conclusion.Y]),
                terms.ToList());
            Assert.Equal(expected, DeductionSuite.Entails(premises, conclusion, 4));
        }
    }

    private static DeductionSuite.Statement RandomStatement(SplitMix64 random, DeductionSuite.Form[] forms)
    {
        var x = random.Next(4);
        var y = (x + random.Between(1, 3)) % 4;
        return new DeductionSuite.Statement(random.Pick(forms), x, y);
    }

    private static (string Form, string X, string Y) Parse(Match m) =>
        (m.Groups[1].Value == "Some" && m.Groups[3].Success ? "SomeNot" : m.Groups[1].Value, m.Groups[2].Value, m.Groups[4].Value);

    private static bool EntailedByEnumeration(List<(string Form, string X, string Y)> premises, (string Form, string X, string Y) conclusion, List<string> terms)
    {
        // Region r (1..2^terms - 1) holds the things in exactly the terms whose bits are set; bit r-1 of a model
        // says whether region r is inhabited, and bit r-1 of a term's mask says whether region r lies inside the term.
        var regions = (1 << terms.Count) - 1;
        var inside = terms.ToDictionary(t => t, t => Enumerable.Range(1, regions)
            .Where(r => (r & (1 << terms.IndexOf(t))) != 0).Aggregate(0L, (mask, r) => mask | 1L << (r - 1)));
        bool True((string Form, string X, string Y) s, long model) => s.Form switch
        {
            "All" => (model & inside[s.X] & ~inside[s.Y]) == 0,
            "No" => (model & inside[s.X] & inside[s.Y]) == 0,
            "Some" => (model & inside[s.X] & inside[s.Y]) != 0,
            _ => (model & inside[s.X] & ~inside[s.Y]) != 0,
        };
        for (long model = 0; model < 1L << regions; model++)
        {
            var everyTermInhabited = terms.All(t => (model & inside[t]) != 0);
            if (everyTermInhabited && premises.All(p => True(p, model)) && !True(conclusion, model)) return false;
        }
        return true;
    }

    [Fact]
    public void Both_kinds_of_puzzle_appear_and_levels_grow()
    {
        var items = BuiltInSuites.Build("deduction", 2, 10).Items;
        Assert.Contains(items, i => i.Metadata["puzzle"] == "ordering");
        Assert.Contains(items, i => i.Metadata["puzzle"] == "syllogism");
        double MeanClues(int level) => items.Where(i => i.Level == level).Average(i => int.Parse(i.Metadata["clues"]));
        Assert.True(MeanClues(1) < MeanClues(3) && MeanClues(3) < MeanClues(5));
        Assert.All(items, i => Assert.Equal(i.Level == 1 ? 4 : 5, i.Choices.Count));
    }

    [Fact]
    public void Options_travel_in_choices_not_in_the_question_text()
    {
        var item = BuiltInSuites.Build("deduction@1", 1, 1).Items.Single();
        Assert.Equal(4, item.Choices.Count);
        Assert.All(item.Choices, choice => Assert.DoesNotContain(choice, item.Question));
        Assert.Equal(AnswerKind.Choice, BuiltInSuites.Get("deduction").AnswerKind);
    }
}
