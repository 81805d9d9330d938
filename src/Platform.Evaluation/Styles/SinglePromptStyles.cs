using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using static Platform.Evaluation.Styles.Prompts;

namespace Platform.Evaluation.Styles;

/// <summary>Styles that make exactly one model call: the whole way of thinking lives in the prompt.</summary>
public static class SinglePrompt
{
    /// <summary>A solver that sends the built prompt once with the run's sampling settings and keeps the reply.</summary>
    public static ThinkingStyle Style(
        string name, string version, StyleParameters parameters, AnswerFormats formats, PromptBuilder prompt,
        Func<TaskState, StyleTrace?>? trace = null)
    {
        async Task<TaskState> Solve(TaskState state, Generate generate, CancellationToken cancellationToken)
        {
            var messages = prompt(state);
            var exchange = await Exchange.RunAsync(
                generate, "answer", new GenerateRequest(messages, state.Sampling), cancellationToken).ConfigureAwait(false);
            return state.Record(exchange).Finish(messages, exchange.Completions[0], trace?.Invoke(state));
        }
        return new ThinkingStyle(name, version, parameters, formats, Solve, prompt);
    }
}

public static class Direct
{
    public const string Name = "direct";
    public const string Version = "1";

    public static ThinkingStyle Create() => SinglePrompt.Style(
        Name, Version, new DirectParameters(), AnswerFormats.AnswerTag, state =>
        [
            SystemMessage("You answer questions directly. Do not explain or show any working."),
            UserMessage($"{Question(state.Item)}\n\nReply with nothing but the final answer. {AnswerInstruction(state)}"),
        ]);
}

public static class ChainOfThought
{
    public const string Name = "cot";
    public const string Version = "1";

    public static ThinkingStyle Create() => SinglePrompt.Style(
        Name, Version, new ChainOfThoughtParameters(), AnswerFormats.AnswerTag, state =>
        [
            SystemMessage("You solve problems by reasoning carefully, one step at a time, before you commit to an answer."),
            UserMessage($"{Question(state.Item)}\n\n" +
                 "Work through the problem step by step, writing out each step of your reasoning. " +
                 $"When you are done, give the result on the last line. {AnswerInstruction(state)}"),
        ]);
}

/// <summary>Chain of Draft: the model still reasons step by step but writes each step as a terse draft.</summary>
public static class ChainOfDraft
{
    public const string Name = "cod";
    public const string Version = "1";

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
        return SinglePrompt.Style(Name, Version, p, AnswerFormats.AnswerTag, state =>
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

/// <summary>
/// Sketch of Thought: compressed reasoning in one of three paradigms. Each paradigm's prompt carries its own
/// short worked example, because the notation is easier to show than to describe.
/// </summary>
public static class SketchOfThought
{
    public const string Name = "sot";
    public const string Version = "1";

    /// <summary>Numbers and equations compress well; relations between ideas chain; procedures use a field's own shorthand.</summary>
    public static SketchParadigm ParadigmFor(TaskType taskType) => taskType switch
    {
        TaskType.Arithmetic or TaskType.Math or TaskType.Puzzle => SketchParadigm.ChunkedSymbolism,
        TaskType.Commonsense or TaskType.Logic or TaskType.Symbolic => SketchParadigm.ConceptualChaining,
        TaskType.Planning or TaskType.Algorithmic => SketchParadigm.ExpertLexicons,
        _ => throw new ArgumentOutOfRangeException(nameof(taskType), taskType, "No Sketch-of-Thought paradigm is assigned to this task type."),
    };

    public static string Instructions(SketchParadigm paradigm) => paradigm switch
    {
        SketchParadigm.ConceptualChaining =>
            "Reason as a chain of key concepts linked by arrows, leaving out every word that carries no meaning.\n" +
            "Example\nQ: If ice is left in a warm kitchen, what happens to the floor under it?\n" +
            "Sketch: #warm kitchen → #ice melts → #water → #floor wet\n<answer>It gets wet</answer>",
        SketchParadigm.ChunkedSymbolism =>
            "Reason in compact chunks of symbols: name each quantity with a short variable, write each step as an " +
            "equation, one chunk per line, no prose.\n" +
            "Example\nQ: A pen costs $3 and a notebook costs twice as much. What do 4 pens and 2 notebooks cost?\n" +
            "Sketch:\np = 3\nn = 2p = 6\n4p + 2n = 12 + 12 = 24\n<answer>24</answer>",
        SketchParadigm.ExpertLexicons =>
            "Reason as a specialist writing notes for another specialist: use the field's standard notation, " +
            "abbreviations and symbols, one fact or move per line, no prose.\n" +
            "Example\nQ: Blocks: C on A, A on table, B on table, hand empty. Goal: A on B.\n" +
            "Sketch:\nclear(A)? no, C on A → unstack C A; putdown C\nclear(A) ∧ clear(B) → pickup A; stack A B\n" +
            "<answer>\nunstack C from A\nput down C\npick up A\nstack A on B\n</answer>",
        _ => throw new ArgumentOutOfRangeException(nameof(paradigm)),
    };

    public static ThinkingStyle Create(SketchOfThoughtParameters? parameters = null)
    {
        var p = parameters ?? new SketchOfThoughtParameters();
        SketchParadigm Pick(TaskState state) => p.Paradigm ?? ParadigmFor(state.TaskType);
        return SinglePrompt.Style(
            Name, Version, p, AnswerFormats.AnswerTag | AnswerFormats.Boxed,
            state =>
            [
                SystemMessage("You think in sketches: the smallest notation that still carries every step of the reasoning.\n\n" +
                       Instructions(Pick(state))),
                UserMessage($"{Question(state.Item)}\n\nSketch your reasoning, then finish with the final answer. " +
                     $"{AnswerInstruction(state)} (\\boxed{{}} is also accepted.)"),
            ],
            state => new SketchTrace(Pick(state)));
    }
}

/// <summary>Algorithm of Thought: one prompt in which the model searches, checks and backtracks in its own text.</summary>
public static class AlgorithmOfThought
{
    public const string Name = "aot";
    public const string Version = "1";

    private const string Example =
        "Example\n" +
        "Q: Using each of 3, 5 and 6 exactly once with + - * /, make 21.\n" +
        "Search:\n" +
        "1. Try 6 * 5 = 30. Left: 3, 30. 30 - 3 = 27, 30 + 3 = 33, 30 / 3 = 10. No 21. Back up.\n" +
        "2. Try 6 - 3 = 3. Left: 3, 5. 3 * 5 = 15, 3 + 5 = 8. No 21. Back up.\n" +
        "3. Work backwards: 21 = 3 * 7. Can 5 and 6 make 7? 5 + 6 = 11, 6 - 5 = 1. No. Back up.\n" +
        "4. 21 = 15 + 6, and 15 = 3 * 5. So 3 * 5 + 6 = 21. Check: 3, 5, 6 each used once. Works.\n" +
        "<answer>3 * 5 + 6</answer>";

    public static ThinkingStyle Create() => SinglePrompt.Style(
        Name, Version, new AlgorithmOfThoughtParameters(), AnswerFormats.AnswerTag, state =>
        [
            SystemMessage("You solve problems by searching like an algorithm, inside your own answer: list the most promising " +
                   "option first, follow it, check where it leads, and when a path fails say \"Back up\" and try the next " +
                   "option. Use what a failed path taught you to choose the next one. Stop when a path is checked and works.\n\n" +
                   Example),
            UserMessage($"{Question(state.Item)}\n\nSearch for the solution in the same way, numbering your attempts. " +
                 $"{AnswerInstruction(state)}"),
        ]);
}

/// <summary>The single-prompt imitation of tree-of-thought: several imagined experts reason in turns and drop out when wrong.</summary>
public static class ExpertPanel
{
    public const string Name = "tot-experts";
    public const string Version = "1";

    public static ThinkingStyle Create(ExpertPanelParameters? parameters = null)
    {
        var p = parameters ?? new ExpertPanelParameters();
        if (p.Experts < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), p.Experts, "An expert panel needs at least 2 experts.");
        }
        return SinglePrompt.Style(Name, Version, p, AnswerFormats.AnswerTag, state =>
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
