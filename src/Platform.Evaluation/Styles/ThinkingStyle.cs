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
/// Tokens one engine sequence needs for a style: from the longest measured prompt (<see cref="ThinkingStyle.PromptToMeasure"/>,
/// through the chat template) and the run's output token limit.
/// </summary>
public delegate int SequenceBudget(int longestPrompt, int maxTokens);

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
    /// <summary>What the style does, in one line, for listings and the stored catalog.</summary>
    public string Description { get; init; } = "";

    /// <summary>The prompt the engine measures to size a sequence; a multi-call style without a single prompt names one of its own.</summary>
    public PromptBuilder? SizingPrompt { get; init; }

    /// <summary>The sequence tokens the style needs; a single prompt needs its length and the output, a multi-call style says more.</summary>
    public SequenceBudget Budget { get; init; } = static (longestPrompt, maxTokens) => longestPrompt + maxTokens;

    /// <summary>The prompt to measure for <see cref="Budget"/>: <see cref="SizingPrompt"/>, else the single prompt.</summary>
    public PromptBuilder PromptToMeasure => SizingPrompt ?? SinglePrompt
        ?? throw new InvalidOperationException($"Style '{Name}' makes several calls and names no prompt to size its sequences by.");

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
/// serialize them with a stable shape. Each style's file declares its own record and adds its
/// <c>[JsonDerivedType]</c> to this partial record, so a style's discriminator lives beside the style.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "style")]
public abstract partial record StyleParameters;
