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

    public static ThinkingStyle Create() => SinglePrompt.Style(
        Name, Version, Description, new DirectParameters(), AnswerFormats.AnswerTag, state =>
        [
            SystemMessage("You answer questions directly. Do not explain or show any working."),
            UserMessage($"{Question(state.Item)}\n\nReply with nothing but the final answer. {AnswerInstruction(state)}"),
        ]);
}
