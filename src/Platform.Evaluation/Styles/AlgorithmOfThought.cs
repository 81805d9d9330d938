using System.Text.Json.Serialization;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using static Platform.Evaluation.Styles.Prompts;

namespace Platform.Evaluation.Styles;

[JsonDerivedType(typeof(AlgorithmOfThoughtParameters), "aot")]
public abstract partial record StyleParameters;

public sealed record AlgorithmOfThoughtParameters : StyleParameters;

/// <summary>Algorithm of Thought: one prompt in which the model searches, checks and backtracks in its own text.</summary>
public static class AlgorithmOfThought
{
    public const string Name = "aot";
    public const string Version = "1";
    public const string Description = "Algorithm of Thought: search, check and backtrack within a single answer.";

    private const string Example =
        "Example\n" +
        "Q: Using each of 3, 5 and 6 exactly once with + - * /, make 21.\n" +
        "Search:\n" +
        "1. Try 6 * 5 = 30. Left: 3, 30. 30 - 3 = 27, 30 + 3 = 33, 30 / 3 = 10. No 21. Back up.\n" +
        "2. Try 6 - 3 = 3. Left: 3, 5. 3 * 5 = 15, 3 + 5 = 8. No 21. Back up.\n" +
        "3. Work backwards: 21 = 3 * 7. Can 5 and 6 make 7? 5 + 6 = 11, 6 - 5 = 1. No. Back up.\n" +
        "4. 21 = 15 + 6, and 15 = 3 * 5. So 3 * 5 + 6 = 21. Check: 3, 5, 6 each used once. Works.\n" +
        "<answer>3 * 5 + 6</answer>";

    /// <summary>
    /// The system message's instructions and the user message's request, in each wording (0 is the original); the
    /// worked example, whose attempts end in "Back up", is the same in every wording.
    /// </summary>
    private static readonly (string System, string Request)[] Wordings =
    [
        ("You solve problems by searching like an algorithm, inside your own answer: list the most promising " +
         "option first, follow it, check where it leads, and when a path fails say \"Back up\" and try the next " +
         "option. Use what a failed path taught you to choose the next one. Stop when a path is checked and works.",
         "Search for the solution in the same way, numbering your attempts."),
        ("You work like a search algorithm within your answer: start with the option that looks best, follow it and " +
         "check the result; when a path fails, write \"Back up\" and move to the next option, letting each failure guide " +
         "the next choice. Stop once a path has been checked and works.",
         "Search for the solution this way, with your attempts numbered."),
        ("Treat each problem as a search you carry out in writing: try the most likely option first, see where it " +
         "leads and check it; if it fails, say \"Back up\" and try another, chosen with what the failure showed. Finish " +
         "when one path is checked and correct.",
         "Find the solution by searching like this, numbering each attempt."),
    ];

    public static ThinkingStyle Create(int paraphrase = 0)
    {
        var (system, request) = Paraphrases.Pick(Wordings, paraphrase, Name);
        return Paraphrases.Mark(SinglePrompt.Style(
            Name, Version, Description, new AlgorithmOfThoughtParameters(), AnswerFormats.AnswerTag, state =>
            [
                SystemMessage($"{system}\n\n{Example}"),
                UserMessage($"{Question(state.Item)}\n\n{request} {AnswerInstruction(state)}"),
            ]), paraphrase, Wordings.Length);
    }
}
