using System.Text.Json.Serialization;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using static Platform.Evaluation.Styles.Prompts;

namespace Platform.Evaluation.Styles;

[JsonDerivedType(typeof(ChainOfThoughtParameters), "cot")]
public abstract partial record StyleParameters;

public sealed record ChainOfThoughtParameters : StyleParameters;

public static class ChainOfThought
{
    public const string Name = "cot";
    public const string Version = "1";
    public const string Description = "Reason step by step in free text, then give the answer.";

    /// <summary>The system message and the user message's request, in each wording (0 is the original).</summary>
    private static readonly (string System, string Request)[] Wordings =
    [
        ("You solve problems by reasoning carefully, one step at a time, before you commit to an answer.",
         "Work through the problem step by step, writing out each step of your reasoning. When you are done, give the result on the last line."),
        ("You work problems out carefully, step by step, and only then settle on an answer.",
         "Reason through the problem one step at a time and write every step down. Once you have finished, put the result on the final line."),
        ("Before answering, you think a problem through in careful, explicit steps.",
         "Solve this step by step, showing your reasoning for each step. At the end, state the result on the last line."),
    ];

    public static ThinkingStyle Create(int paraphrase = 0)
    {
        var (system, request) = Paraphrases.Pick(Wordings, paraphrase, Name);
        return Paraphrases.Mark(SinglePrompt.Style(
            Name, Version, Description, new ChainOfThoughtParameters(), AnswerFormats.AnswerTag, state =>
            [
                SystemMessage(system),
                UserMessage($"{Question(state.Item)}\n\n{request} {AnswerInstruction(state)}"),
            ]), paraphrase, Wordings.Length);
    }
}
