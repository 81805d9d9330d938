using System.Text.Json.Serialization;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using static Platform.Evaluation.Styles.Prompts;

namespace Platform.Evaluation.Styles;

[JsonDerivedType(typeof(DirectParameters), "direct")]
public abstract partial record StyleParameters;

public sealed record DirectParameters : StyleParameters;

public static class Direct
{
    public const string Name = "direct";
    public const string Version = "1";
    public const string Description = "Answer at once, with no reasoning written out.";

    /// <summary>The system message and the user message's request, in each wording (0 is the original).</summary>
    private static readonly (string System, string Request)[] Wordings =
    [
        ("You answer questions directly. Do not explain or show any working.", "Reply with nothing but the final answer."),
        ("Give only the answer to each question, with no explanation and no working shown.", "Write the final answer and nothing else."),
        ("Answer each question straight away; leave out any reasoning or explanation.", "Your reply should contain only the final answer."),
    ];

    public static ThinkingStyle Create(int paraphrase = 0)
    {
        var (system, request) = Paraphrases.Pick(Wordings, paraphrase, Name);
        return Paraphrases.Mark(SinglePrompt.Style(
            Name, Version, Description, new DirectParameters(), AnswerFormats.AnswerTag, state =>
            [
                SystemMessage(system),
                UserMessage($"{Question(state.Item)}\n\n{request} {AnswerInstruction(state)}"),
            ]), paraphrase, Wordings.Length);
    }
}
