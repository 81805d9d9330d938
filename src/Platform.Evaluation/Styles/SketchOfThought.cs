using System.Text.Json.Serialization;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using static Platform.Evaluation.Styles.Prompts;

namespace Platform.Evaluation.Styles;

[JsonDerivedType(typeof(SketchOfThoughtParameters), "sot")]
public abstract partial record StyleParameters;

/// <summary>The three Sketch-of-Thought paradigms.</summary>
public enum SketchParadigm { ConceptualChaining, ChunkedSymbolism, ExpertLexicons }

/// <param name="Paradigm">Forces one paradigm; null picks it from the suite's task type.</param>
public sealed record SketchOfThoughtParameters(SketchParadigm? Paradigm = null) : StyleParameters;

/// <summary>
/// Sketch of Thought: compressed reasoning in one of three paradigms. Each paradigm's prompt carries its own
/// short worked example, because the notation is easier to show than to describe.
/// </summary>
public static class SketchOfThought
{
    public const string Name = "sot";
    public const string Version = "1";
    public const string Description = "Sketch-of-Thought: compact notation chosen by task type (symbols, concept chains or expert shorthand).";

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
            Name, Version, Description, p, AnswerFormats.AnswerTag | AnswerFormats.Boxed,
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
