using System.Text;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;

namespace Platform.Evaluation.Styles;

/// <summary>The pieces every style's prompt shares: how a question is shown and how the answer is requested.</summary>
public static class Prompts
{
    public static string OptionLetter(int index) => ((char)('A' + index)).ToString();

    /// <summary>The question, followed by its options lettered A, B, C... when the item is multiple choice.</summary>
    public static string Question(Item item)
    {
        if (item.Choices.Count == 0)
        {
            return item.Question;
        }
        var text = new StringBuilder(item.Question).Append("\n\nOptions:");
        for (var i = 0; i < item.Choices.Count; i++)
        {
            text.Append('\n').Append(OptionLetter(i)).Append(") ").Append(item.Choices[i]);
        }
        return text.ToString();
    }

    /// <summary>What the answer should contain, phrased for the kind of answer the suite expects.</summary>
    public static string AnswerShape(AnswerKind kind, bool multipleChoice) => multipleChoice || kind == AnswerKind.Choice
        ? "the letter of the correct option"
        : kind switch
        {
            AnswerKind.Number => "a single number, without units",
            AnswerKind.Expression => "a single expression",
            AnswerKind.Plan => "the plan, one action per line",
            AnswerKind.List => "the items, separated by commas",
            _ => "a short answer",
        };

    /// <summary>A concrete, harmless example of a well-formed answer tag for the kind.</summary>
    public static string AnswerExample(AnswerKind kind, bool multipleChoice) => multipleChoice || kind == AnswerKind.Choice
        ? "<answer>C</answer>"
        : kind switch
        {
            AnswerKind.Number => "<answer>17</answer>",
            AnswerKind.Expression => "<answer>(8 - 2) * 4</answer>",
            AnswerKind.Plan => "<answer>\nunstack b from a\nput-down b\n</answer>",
            AnswerKind.List => "<answer>red, green, blue</answer>",
            _ => "<answer>Paris</answer>",
        };

    /// <summary>The closing instruction every style ends with: the final answer goes inside answer tags.</summary>
    public static string AnswerInstruction(AnswerKind kind, bool multipleChoice) =>
        $"Write your final answer, {AnswerShape(kind, multipleChoice)}, inside answer tags, for example {AnswerExample(kind, multipleChoice)}.";

    public static string AnswerInstruction(Solving.TaskState state) =>
        AnswerInstruction(state.AnswerKind, state.Item.Choices.Count > 0);

    public static ChatMessage SystemMessage(string text) => new(ChatRole.System, text);

    public static ChatMessage UserMessage(string text) => new(ChatRole.User, text);

    public static ChatMessage AssistantMessage(string text) => new(ChatRole.Assistant, text);
}
