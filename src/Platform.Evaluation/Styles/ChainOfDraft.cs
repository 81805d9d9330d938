using System.Text.Json.Serialization;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using static Platform.Evaluation.Styles.Prompts;

namespace Platform.Evaluation.Styles;

[JsonDerivedType(typeof(ChainOfDraftParameters), "cod")]
public abstract partial record StyleParameters;

/// <param name="MaxWordsPerStep">The word limit the prompt sets for each draft step.</param>
/// <param name="FewShotExamples">How many of the written examples are shown (1 to <see cref="ChainOfDraft.ExampleCount"/>).</param>
public sealed record ChainOfDraftParameters(int MaxWordsPerStep = 5, int FewShotExamples = 3) : StyleParameters;

/// <summary>Chain of Draft: the model still reasons step by step but writes each step as a terse draft.</summary>
public static class ChainOfDraft
{
    public const string Name = "cod";
    public const string Version = "1";
    public const string Description = "Chain of Draft: reason in terse drafts of a few words per step.";

    /// <summary>Worked examples shown as earlier turns of the conversation; their drafts obey the word limit.</summary>
    private static readonly (string Question, string Draft)[] Examples =
    [
        ("A bakery fills 7 trays with 24 rolls each and sells 131 rolls by noon. How many rolls are left?",
         "7 × 24 = 168\n168 − 131 = 37\n<answer>37</answer>"),
        ("Every glorp is a trin. No trin can swim. Pim is a glorp. Can Pim swim?\n\nOptions:\nA) Yes\nB) No\nC) Cannot be determined",
         "Pim glorp, so trin\nTrins never swim\nPim cannot swim\n<answer>B</answer>"),
        ("A train leaves at 09:40 and the trip takes 2 hours 35 minutes. At what time does it arrive? Answer as HH:MM.",
         "09:40 + 2h = 11:40\n11:40 + 35m = 12:15\n<answer>12:15</answer>"),
    ];

    public static int ExampleCount => Examples.Length;

    public static ThinkingStyle Create(ChainOfDraftParameters? parameters = null)
    {
        var p = parameters ?? new ChainOfDraftParameters();
        if (p.MaxWordsPerStep < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), p.MaxWordsPerStep, "Chain of Draft needs a word limit of at least 1 per step.");
        }
        if (p.FewShotExamples < 0 || p.FewShotExamples > Examples.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), p.FewShotExamples,
                $"Chain of Draft has {Examples.Length} written examples; choose between 0 and {Examples.Length}.");
        }
        var instructions =
            "Think step by step, but write each step only as a short draft: the key fact or calculation, " +
            $"at most {p.MaxWordsPerStep} words, one step per line. No full sentences, no restating the question. " +
            "After the last draft step, write the final answer inside <answer></answer> tags.";
        return SinglePrompt.Style(Name, Version, Description, p, AnswerFormats.AnswerTag, state =>
        {
            List<ChatMessage> messages = [SystemMessage(instructions)];
            foreach (var (question, draft) in Examples.Take(p.FewShotExamples))
            {
                messages.Add(UserMessage(question));
                messages.Add(AssistantMessage(draft));
            }
            messages.Add(UserMessage($"{Question(state.Item)}\n\n{AnswerInstruction(state)}"));
            return messages;
        });
    }
}
