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

    /// <summary>
    /// The system message (given the number of experts) and the user message's request, in each wording (0 is the original).
    /// </summary>
    private static readonly (Func<int, string> System, string Request)[] Wordings =
    [
        (experts => $"Simulate a panel of {experts} independent experts working on a problem together. In each round, every " +
                    "remaining expert writes one step of their own reasoning, labelled with their number, and reads the others' " +
                    "steps. An expert who sees that their reasoning has gone wrong says so and leaves the panel. Rounds continue " +
                    "until the remaining experts agree on one answer.",
         "Run the panel, round by round. When the experts agree, state the agreed answer."),
        (experts => $"Play a panel of {experts} experts who tackle a problem independently but together. Each round, every " +
                    "expert still on the panel adds one step of their own reasoning, marked with their number, and reads what " +
                    "the others wrote. An expert who realises their reasoning is wrong admits it and leaves. The rounds go on " +
                    "until the experts who remain agree on a single answer.",
         "Hold the panel's rounds one after another. Once the experts agree, give the answer they agreed on."),
        (experts => $"Imagine {experts} independent experts solving a problem as a panel. Round by round, each expert who is " +
                    "still taking part writes one numbered step of their reasoning and reads the steps of the rest. Any expert " +
                    "who finds a mistake in their own reasoning says so and drops out. Continue the rounds until the remaining " +
                    "experts reach one shared answer.",
         "Go through the panel's rounds in order. When the experts reach agreement, state their answer."),
    ];

    public static ThinkingStyle Create(ExpertPanelParameters? parameters = null, int paraphrase = 0)
    {
        var p = parameters ?? new ExpertPanelParameters();
        if (p.Experts < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), p.Experts, "An expert panel needs at least 2 experts.");
        }
        var (system, request) = Paraphrases.Pick(Wordings, paraphrase, Name);
        return Paraphrases.Mark(SinglePrompt.Style(Name, Version, Description, p, AnswerFormats.AnswerTag, state =>
        [
            SystemMessage(system(p.Experts)),
            UserMessage($"{Question(state.Item)}\n\n{request} {AnswerInstruction(state)}"),
        ]), paraphrase, Wordings.Length);
    }
}
