using System.Text.Json.Serialization;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;

namespace Platform.Evaluation.Styles;

/// <summary>Builds the one conversation a single-prompt style sends.</summary>
public delegate IReadOnlyList<ChatMessage> PromptBuilder(TaskState state);

/// <summary>
/// A way of thinking, ready to run: its name and version, the parameters it was built with (recorded in every run
/// header), the answer formats it asks for (the strict verdict accepts only these), and its solver.
/// </summary>
/// <param name="SinglePrompt">Set for styles that make exactly one model call; self-consistency then forks that one
/// prompt instead of repeating the whole style.</param>
public sealed record ThinkingStyle(
    string Name,
    string Version,
    StyleParameters Parameters,
    AnswerFormats Formats,
    Solver Solve,
    PromptBuilder? SinglePrompt = null)
{
    /// <summary>The key a leaderboard groups by: the style name, with the sample count when it is voted.</summary>
    public string Label => Parameters is SelfConsistencyParameters sc ? $"{sc.InnerName}+sc{sc.Samples}" : Name;

    /// <summary>
    /// The output token limit the style's protocol prescribes for a task type, or null when it leaves the run's default.
    /// A limit given with the run overrides it.
    /// </summary>
    public int? DefaultMaxTokens(TaskType taskType) => Parameters switch
    {
        StyleBenchParameters bench => bench.Decoding.MaxTokensFor(taskType),
        SelfConsistencyParameters { Inner: StyleBenchParameters bench } => bench.Decoding.MaxTokensFor(taskType),
        _ => null,
    };
}

/// <summary>
/// The parameters of every style, as a closed set of records so a run header can record them exactly and
/// serialize them with a stable shape.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "style")]
[JsonDerivedType(typeof(DirectParameters), "direct")]
[JsonDerivedType(typeof(ChainOfThoughtParameters), "cot")]
[JsonDerivedType(typeof(ChainOfDraftParameters), "cod")]
[JsonDerivedType(typeof(SketchOfThoughtParameters), "sot")]
[JsonDerivedType(typeof(AlgorithmOfThoughtParameters), "aot")]
[JsonDerivedType(typeof(TreeOfThoughtParameters), "tot")]
[JsonDerivedType(typeof(ExpertPanelParameters), "tot-experts")]
[JsonDerivedType(typeof(SelfConsistencyParameters), "sc")]
[JsonDerivedType(typeof(StyleBenchParameters), "stylebench")]
public abstract record StyleParameters;

public sealed record DirectParameters : StyleParameters;

public sealed record ChainOfThoughtParameters : StyleParameters;

/// <param name="MaxWordsPerStep">The word limit the prompt sets for each draft step.</param>
/// <param name="FewShotExamples">How many of the written examples are shown (1 to <see cref="ChainOfDraft.ExampleCount"/>).</param>
public sealed record ChainOfDraftParameters(int MaxWordsPerStep = 5, int FewShotExamples = 3) : StyleParameters;

/// <summary>The three Sketch-of-Thought paradigms.</summary>
public enum SketchParadigm { ConceptualChaining, ChunkedSymbolism, ExpertLexicons }

/// <param name="Paradigm">Forces one paradigm; null picks it from the suite's task type.</param>
public sealed record SketchOfThoughtParameters(SketchParadigm? Paradigm = null) : StyleParameters;

public sealed record AlgorithmOfThoughtParameters : StyleParameters;

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

/// <param name="Experts">How many experts the single prompt asks the model to imagine.</param>
public sealed record ExpertPanelParameters(int Experts = 3) : StyleParameters;

/// <param name="Samples">k: how many answers are sampled and voted on.</param>
/// <param name="Temperature">Sampling temperature of the k samples; must be above 0 or every sample would be the same.</param>
/// <param name="TieRule">What a tie for the most votes does. Left out of the JSON when it is the default (first), so the
/// parameters, and the experiment hash, of every run made before the rule existed stay as they were.</param>
public sealed record SelfConsistencyParameters(
    int Samples, float Temperature, string InnerName, string InnerVersion, StyleParameters Inner,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] VoteTieRule TieRule = VoteTieRule.First) : StyleParameters;
