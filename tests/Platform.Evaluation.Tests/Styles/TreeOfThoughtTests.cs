using System.Text.RegularExpressions;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Evaluation.Tests.Fakes;

namespace Platform.Evaluation.Tests.Styles;

public partial class TreeOfThoughtTests
{
    /// <summary>
    /// Proposals are named after their parent ("p.1" is the second proposal from the root, "p.1.0" its first child);
    /// the rating of each proposal comes from the table, with a default of 2.
    /// </summary>
    private static ScriptedModel TreeModel(IReadOnlyDictionary<string, string> ratings) => new((request, sample) =>
    {
        var system = request.Messages[0].Content;
        var user = ScriptedModel.LastUserMessage(request);
        if (system.Contains("one step at a time", StringComparison.Ordinal))
        {
            var steps = NumberedStep().Matches(user);
            var parent = steps.Count == 0 ? "p" : steps[^1].Groups[1].Value;
            return $"{parent}.{sample}";
        }
        if (system.Contains("judge partial solutions", StringComparison.Ordinal))
        {
            var candidate = ProposedStep().Match(user).Groups[1].Value;
            return ratings.TryGetValue(candidate, out var reply) ? reply : "Rating: 2";
        }
        return "Following the steps: <answer>42</answer>";
    });

    private static readonly Dictionary<string, string> Ratings = new()
    {
        ["p.0"] = "Rating: 5",
        ["p.1"] = "This is promising. Rating: 9",
        ["p.2"] = "I like this one a lot",
        ["p.0.2"] = "Rating: 10",
        ["p.1.1"] = "Rating: 8",
    };

    [Fact]
    public async Task Search_expands_the_best_rated_paths_and_answers_from_the_best_leaf()
    {
        var model = TreeModel(Ratings);
        var style = TreeOfThought.Create(new TreeOfThoughtParameters(Proposals: 3, Breadth: 2, Depth: 2, ProposalTemperature: 0.8f));
        var suite = TestData.NumberSuite(1);
        var result = await EvaluationRunner.SolveAsync(suite, style, model.GenerateAsync, SamplingSettings.Greedy, suite.Items[0], CancellationToken.None);

        var proposals = model.Requests.Where(r => r.Samples > 1).ToList();
        Assert.Equal(1 + 2, proposals.Count);
        Assert.All(proposals, r => Assert.Equal((3, 0.8f), (r.Samples, r.Sampling.Temperature)));
        Assert.Equal(3 + 2 * 3, model.Requests.Count(r => r.Messages[0].Content.Contains("judge", StringComparison.Ordinal)));

        var trace = Assert.IsType<TreeSearchTrace>(result.State!.Trace);
        Assert.Equal(["p.0", "p.0.2"], trace.BestPath.Select(id => trace.Nodes[id].Text));
        Assert.Equal(["p.0", "p.1"], trace.Nodes.Where(n => n.Depth == 1 && n.Kept).Select(n => n.Text).OrderBy(t => t));
        var unrated = Assert.Single(trace.Nodes, n => n.Text == "p.2");
        Assert.Equal(TreeSearchTrace.UnparsedRating, unrated.Rating);
        Assert.Equal("I like this one a lot", unrated.RatingReply);
        Assert.Equal(9, trace.Nodes.Count);
        Assert.All(trace.Nodes.Where(n => n.Depth == 2), n => Assert.Contains(trace.Nodes[n.ParentId!.Value].Text, n.Text));

        var final = model.Requests.Last();
        Assert.Contains("1. p.0\n2. p.0.2", ScriptedModel.LastUserMessage(final));
        Assert.Equal(SamplingSettings.Greedy, final.Sampling);
        Assert.Equal(Verdict.Correct, result.Score!.Strict);
        Assert.Equal("final", result.State.Transcript[^1].Step);
        Assert.Equal(model.Requests.Count, result.State.ModelCalls);
    }

    [Fact]
    public async Task Only_the_kept_thoughts_are_expanded()
    {
        var model = TreeModel(Ratings);
        var style = TreeOfThought.Create(new TreeOfThoughtParameters(Proposals: 3, Breadth: 1, Depth: 3));
        var suite = TestData.NumberSuite(1);
        var result = await EvaluationRunner.SolveAsync(suite, style, model.GenerateAsync, SamplingSettings.Greedy, suite.Items[0], CancellationToken.None);

        var trace = Assert.IsType<TreeSearchTrace>(result.State!.Trace);
        // p.1 wins depth 1; its children all rate 2 except p.1.1 (8); then p.1.1's children all rate 2, so the first wins.
        Assert.Equal(["p.1", "p.1.1", "p.1.1.0"], trace.BestPath.Select(id => trace.Nodes[id].Text));
        Assert.Equal(3, model.Requests.Count(r => r.Samples == 3));
    }

    [Theory]
    [InlineData("Rating: 7", 7)]
    [InlineData("rating = 6.5", 6.5)]
    [InlineData("**Rating:** 8/10", 8)]
    [InlineData("Rating: 3 ... on reflection Rating: 4", 4)]
    [InlineData("9", 9)]
    [InlineData("<think>Rating: 10</think>Rating: 2", 2)]
    [InlineData("Rating: 11", 0)]
    [InlineData("very good", 0)]
    [InlineData("", 0)]
    public void Rating_is_parsed_or_counted_as_the_lowest(string reply, double expected) =>
        Assert.Equal(expected, TreeOfThought.ParseRating(reply));

    [Fact]
    public void Invalid_parameters_are_refused_with_the_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => TreeOfThought.Create(new TreeOfThoughtParameters(Breadth: 0)));
        Assert.Contains("breadth", error.Message);
        Assert.Throws<ArgumentException>(() => TreeOfThought.Create(new TreeOfThoughtParameters(ProposalTemperature: 0)));
    }

    [GeneratedRegex(@"^\d+\. (.+)$", RegexOptions.Multiline)]
    private static partial Regex NumberedStep();

    [GeneratedRegex(@"Proposed next step: (.+)")]
    private static partial Regex ProposedStep();
}
