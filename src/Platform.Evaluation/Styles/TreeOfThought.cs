using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using static Platform.Evaluation.Styles.Prompts;

namespace Platform.Evaluation.Styles;

[JsonDerivedType(typeof(TreeOfThoughtParameters), "tot")]
public abstract partial record StyleParameters;

/// <param name="Proposals">k: thoughts proposed per expanded node, as one forked request.</param>
/// <param name="Breadth">b: how many rated thoughts are kept at each depth.</param>
/// <param name="Depth">d: how many steps are searched before the final answer is asked for.</param>
/// <param name="ProposalTemperature">Proposals are sampled, so they differ; ratings and the final answer use the run's settings.</param>
/// <param name="ThoughtMaxTokens">Token limit for one proposed step.</param>
/// <param name="RatingMaxTokens">Token limit for one rating reply.</param>
public sealed record TreeOfThoughtParameters(
    int Proposals = 3,
    int Breadth = 2,
    int Depth = 3,
    float ProposalTemperature = 0.7f,
    int ThoughtMaxTokens = 160,
    int RatingMaxTokens = 48) : StyleParameters;

/// <summary>
/// Tree of Thought as a real beam search over reasoning steps. At each depth every kept path is extended by
/// k proposals (one forked request, so the engine evaluates the shared prompt once), the model rates every
/// proposal, and the b best-rated paths survive. After d steps the best path is handed back to the model for the
/// final answer. Every proposal, rating and choice is kept in a <see cref="TreeSearchTrace"/>.
/// </summary>
public static partial class TreeOfThought
{
    public const string Name = "tot";
    public const string Version = "1";
    public const string Description = "Tree of Thoughts: propose several next steps, rate them, keep the best few, answer from the best path.";
    public const int MinRating = 1;
    public const int MaxRating = 10;

    /// <summary>The instructions of the search's three prompts in one wording.</summary>
    private sealed record Wording(
        string ProposalSystem, string ProposalRequest, string RatingSystem, string RatingQuestion, string FinalSystem,
        string FinalIntro, string FinalRequest);

    /// <summary>
    /// The proposal, rating and final prompts' instructions in each wording (0 is the original). Every wording asks for
    /// the rating as "Rating: N" on the same scale, so <see cref="ParseRating"/> reads them all.
    /// </summary>
    private static readonly Wording[] Wordings =
    [
        new("You solve problems one step at a time. Each reply is exactly one next step of the solution, never the whole solution.",
            "Write only the next step, in one or two sentences. If the steps so far already reach the result, write the result as this step.",
            "You judge partial solutions strictly: a step that contains an error is worth little however confident it sounds.",
            "How likely is this step to be correct and to lead to the right answer?",
            "You solve problems carefully and finish with a clearly marked answer.",
            "The solution has been worked out step by step.",
            "Using these steps (and correcting any step that is wrong), give the final answer."),
        new("You work through problems one step per reply. Every reply is a single next step of the solution, not the full solution.",
            "Give just the next step, in one or two sentences. If the steps so far already arrive at the result, state the result as this step.",
            "You assess partial solutions strictly: a step with a mistake in it is worth little, however sure of itself it sounds.",
            "How probable is it that this step is right and leads to the correct answer?",
            "You work problems out with care and end with a clearly marked answer.",
            "The solution has been developed one step at a time.",
            "Building on these steps (and fixing any that are wrong), give the final answer."),
        new("You take problems one step at a time. A reply is always one next step of the solution and never the complete solution.",
            "Reply with the next step alone, in one or two sentences. Should the steps so far already give the result, write that result as this step.",
            "You grade partial solutions severely: a step containing an error deserves a low score, however confident it seems.",
            "How likely is it that this step is correct and moves towards the right answer?",
            "You solve problems with care and close with a clearly marked answer.",
            "The problem has been worked through step by step.",
            "Using these steps (correcting any step that is wrong), state the final answer."),
    ];

    public static ThinkingStyle Create(TreeOfThoughtParameters? parameters = null, int paraphrase = 0)
    {
        var p = parameters ?? new TreeOfThoughtParameters();
        Validate(p);
        var wording = Paraphrases.Pick(Wordings, paraphrase, Name);
        return Paraphrases.Mark(new ThinkingStyle(Name, Version, p, AnswerFormats.AnswerTag,
            (state, generate, cancellationToken) => SearchAsync(p, wording, state, generate, cancellationToken))
        {
            Description = Description,
            SizingPrompt = state => FinalPrompt(wording, state, []),
            Budget = (longestPrompt, maxTokens) => SequenceTokens(p, longestPrompt, maxTokens),
        }, paraphrase, Wordings.Length);
    }

    /// <summary>Room for the proposal and rating prompts' own instructions, which differ from the measured final prompt's.</summary>
    private const int InstructionTokens = 384;

    /// <summary>
    /// A sequence holds the question's prompt, every thought of a path (a thought re-tokenised inside the next prompt can
    /// take more tokens than were generated, hence half as much again) and the longest reply any call may generate.
    /// </summary>
    private static int SequenceTokens(TreeOfThoughtParameters p, int longestPrompt, int maxTokens)
    {
        var path = p.Depth * p.ThoughtMaxTokens * 3 / 2;
        var generated = Math.Max(maxTokens, Math.Max(p.ThoughtMaxTokens, p.RatingMaxTokens));
        return longestPrompt + InstructionTokens + path + generated;
    }

    private static void Validate(TreeOfThoughtParameters p)
    {
        static void Require(bool ok, string what)
        {
            if (!ok)
            {
                throw new ArgumentException($"Invalid tree-of-thought parameters: {what}.", "parameters");
            }
        }
        Require(p.Proposals >= 1, $"proposals k must be at least 1 (got {p.Proposals})");
        Require(p.Breadth >= 1, $"breadth b must be at least 1 (got {p.Breadth})");
        Require(p.Depth >= 1, $"depth d must be at least 1 (got {p.Depth})");
        Require(p.Proposals == 1 || p.ProposalTemperature > 0,
            $"with k = {p.Proposals} proposals the proposal temperature must be above 0, or every proposal is the same");
        Require(p.ThoughtMaxTokens >= 1 && p.RatingMaxTokens >= 1, "token limits must be at least 1");
    }

    private sealed record Candidate(int Id, int? ParentId, int Depth, int Sample, string Text, IReadOnlyList<string> Path);

    private static async Task<TaskState> SearchAsync(
        TreeOfThoughtParameters p, Wording wording, TaskState state, Generate generate, CancellationToken cancellationToken)
    {
        var nodes = new List<ThoughtNode>();
        List<Candidate> frontier = [new Candidate(-1, null, 0, 0, "", [])];
        var proposalSampling = state.Sampling with { Temperature = p.ProposalTemperature, MaxTokens = p.ThoughtMaxTokens };
        // Ratings are judgements, not ideas: greedy decoding keeps them reproducible whatever the run's temperature.
        var ratingSampling = state.Sampling with { Temperature = 0, MaxTokens = p.RatingMaxTokens };

        for (var depth = 1; depth <= p.Depth; depth++)
        {
            var proposals = await Task.WhenAll(frontier.Select(parent => Exchange.RunAsync(
                generate,
                $"propose d{depth} from {(parent.Id < 0 ? "root" : "#" + parent.Id.ToString(CultureInfo.InvariantCulture))}",
                new GenerateRequest(ProposalPrompt(wording, state, parent.Path), proposalSampling, p.Proposals),
                cancellationToken))).ConfigureAwait(false);
            state = state.Record(proposals);

            var candidates = new List<Candidate>();
            for (var f = 0; f < frontier.Count; f++)
            {
                for (var s = 0; s < proposals[f].Completions.Count; s++)
                {
                    var text = ThoughtText(proposals[f].Completions[s].Text);
                    candidates.Add(new Candidate(nodes.Count + candidates.Count, frontier[f].Id < 0 ? null : frontier[f].Id,
                        depth, s, text, [.. frontier[f].Path, text]));
                }
            }

            var ratings = await Task.WhenAll(candidates.Select(c => Exchange.RunAsync(
                generate,
                $"rate d{depth} #{c.Id.ToString(CultureInfo.InvariantCulture)}",
                new GenerateRequest(RatingPrompt(wording, state, c.Path), ratingSampling),
                cancellationToken))).ConfigureAwait(false);
            state = state.Record(ratings);

            var scored = candidates.Select((c, i) => (Candidate: c, Reply: ratings[i].Completions[0].Text,
                Rating: ParseRating(ratings[i].Completions[0].Text))).ToList();
            // Stable ordering: equal ratings keep proposal order, so the same replies always give the same tree.
            var kept = scored.OrderByDescending(s => s.Rating).ThenBy(s => s.Candidate.Id).Take(p.Breadth)
                .Select(s => s.Candidate.Id).ToHashSet();
            nodes.AddRange(scored.Select(s => new ThoughtNode(
                s.Candidate.Id, s.Candidate.ParentId, depth, s.Candidate.Sample, s.Candidate.Text, s.Rating, s.Reply,
                kept.Contains(s.Candidate.Id))));
            frontier = scored.Where(s => kept.Contains(s.Candidate.Id))
                .OrderByDescending(s => s.Rating).ThenBy(s => s.Candidate.Id).Select(s => s.Candidate).ToList();
        }

        var best = frontier[0];
        var bestPath = new List<int>();
        for (int? id = best.Id; id is not null; id = nodes[id.Value].ParentId)
        {
            bestPath.Insert(0, id.Value);
        }

        var finalPrompt = FinalPrompt(wording, state, best.Path);
        var final = await Exchange.RunAsync(
            generate, "final", new GenerateRequest(finalPrompt, state.Sampling), cancellationToken).ConfigureAwait(false);
        return state.Record(final).Finish(finalPrompt, final.Completions[0], new TreeSearchTrace(nodes, bestPath));
    }

    /// <summary>
    /// Reads "Rating: N" (the last one, if the model wrote several), or a reply that is only a number. Anything
    /// else, or a number outside 1..10, counts as <see cref="TreeSearchTrace.UnparsedRating"/> so it never wins.
    /// </summary>
    public static double ParseRating(string reply)
    {
        var visible = ReasoningTrace.Strip(reply);
        var labelled = RatingPattern().Matches(visible);
        var text = labelled.Count > 0 ? labelled[^1].Groups[1].Value : AnswerExtractor.Clean(visible);
        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rating)
            && rating >= MinRating && rating <= MaxRating
            ? rating
            : TreeSearchTrace.UnparsedRating;
    }

    private static string ThoughtText(string completion)
    {
        var text = ReasoningTrace.Strip(completion).Trim();
        return StepLabelPattern().Replace(text, "", 1).Trim();
    }

    private static string Steps(IReadOnlyList<string> path)
    {
        if (path.Count == 0)
        {
            return "No steps have been taken yet.";
        }
        var text = new StringBuilder("Steps so far:");
        for (var i = 0; i < path.Count; i++)
        {
            text.Append('\n').Append(i + 1).Append(". ").Append(path[i]);
        }
        return text.ToString();
    }

    private static IReadOnlyList<ChatMessage> ProposalPrompt(Wording wording, TaskState state, IReadOnlyList<string> path) =>
    [
        SystemMessage(wording.ProposalSystem),
        UserMessage($"{Question(state.Item)}\n\n{Steps(path)}\n\n{wording.ProposalRequest}"),
    ];

    private static IReadOnlyList<ChatMessage> RatingPrompt(Wording wording, TaskState state, IReadOnlyList<string> pathWithCandidate) =>
    [
        SystemMessage(wording.RatingSystem),
        UserMessage($"{Question(state.Item)}\n\n{Steps(pathWithCandidate.Take(pathWithCandidate.Count - 1).ToList())}\n\n" +
             $"Proposed next step: {pathWithCandidate[^1]}\n\n" +
             $"{wording.RatingQuestion} Rate it from {MinRating} " +
             $"(wrong or useless) to {MaxRating} (certainly correct and useful). Reply with only \"Rating: N\"."),
    ];

    private static IReadOnlyList<ChatMessage> FinalPrompt(Wording wording, TaskState state, IReadOnlyList<string> path) =>
    [
        SystemMessage(wording.FinalSystem),
        UserMessage($"{Question(state.Item)}\n\n{wording.FinalIntro}\n{Steps(path)}\n\n" +
             $"{wording.FinalRequest} {AnswerInstruction(state)}"),
    ];

    [GeneratedRegex(@"rating\s*[:=]?\s*\**\s*([0-9]+(?:\.[0-9]+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex RatingPattern();

    [GeneratedRegex(@"^(?:step\s*[0-9]+\s*[:.)-]|[0-9]+\s*[.)])\s*", RegexOptions.IgnoreCase)]
    private static partial Regex StepLabelPattern();
}
