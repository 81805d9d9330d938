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

    public static ThinkingStyle Create() => SinglePrompt.Style(
        Name, Version, Description, new ChainOfThoughtParameters(), AnswerFormats.AnswerTag, state =>
        [
            SystemMessage("You solve problems by reasoning carefully, one step at a time, before you commit to an answer."),
            UserMessage($"{Question(state.Item)}\n\n" +
                 "Work through the problem step by step, writing out each step of your reasoning. " +
                 $"When you are done, give the result on the last line. {AnswerInstruction(state)}"),
        ]);
}
