using System.Text.Json.Serialization;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using static Platform.Evaluation.Styles.Prompts;

namespace Platform.Evaluation.Styles;

[JsonDerivedType(typeof(ExpertPanelParameters), "tot-experts")]
public abstract partial record StyleParameters;

/// <param name="Experts">How many experts the single prompt asks the model to imagine.</param>
public sealed record ExpertPanelParameters(int Experts = 3) : StyleParameters;

/// <summary>The single-prompt imitation of tree-of-thought: several imagined experts reason in turns and drop out when wrong.</summary>
public static class ExpertPanel
{
    public const string Name = "tot-experts";
    public const string Version = "1";
    public const string Description = "Several imagined experts reason in turns in one prompt and drop out when wrong.";

    public static ThinkingStyle Create(ExpertPanelParameters? parameters = null)
    {
        var p = parameters ?? new ExpertPanelParameters();
        if (p.Experts < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), p.Experts, "An expert panel needs at least 2 experts.");
        }
        return SinglePrompt.Style(Name, Version, Description, p, AnswerFormats.AnswerTag, state =>
        [
            SystemMessage($"Simulate a panel of {p.Experts} independent experts working on a problem together. In each round, every " +
                   "remaining expert writes one step of their own reasoning, labelled with their number, and reads the others' " +
                   "steps. An expert who sees that their reasoning has gone wrong says so and leaves the panel. Rounds continue " +
                   "until the remaining experts agree on one answer."),
            UserMessage($"{Question(state.Item)}\n\nRun the panel, round by round. When the experts agree, state the agreed answer. " +
                 $"{AnswerInstruction(state)}"),
        ]);
    }
}
