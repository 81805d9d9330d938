using System.Text.Json;
using Platform.Evaluation.Models;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Llama;
using Platform.Jobs.Runs;

namespace Platform.Worker.Evaluation;

/// <summary>
/// How many tokens one sequence of a run needs: the longest prompt its style sends for any selected item, plus what may
/// be generated after it. The context of the engine is sized from it for every run, by the command line and the worker
/// alike, so a run whose outputs are long (StyleBench's 2048 tokens for AIME and Game of 24) is never cut by a fixed length.
/// </summary>
public static class SequenceBudget
{
    /// <summary>Room for chat-template markers and re-tokenised thoughts that the size estimate cannot see exactly.</summary>
    public const int Margin = 64;

    /// <summary>
    /// The style's prompt is measured exactly through the chat template (with the run's template arguments) for every
    /// selected item; the style's budget adds what it may generate and, for multi-call styles, what its prompts grow by.
    /// </summary>
    public static int For(LlamaModel model, RunDefinition run)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(run);
        var style = run.Style;
        // The style names the prompt to measure and its own budget (tree-of-thought's grows with the thoughts on its path).
        var prompt = style.PromptToMeasure;
        var longest = 0;
        foreach (var item in run.Selected.Items)
        {
            var messages = prompt(TaskState.Start(run.Selected, item, SamplingSettings.Greedy));
            longest = Math.Max(longest, Measure(model, messages, run.TemplateArgs));
        }
        return style.Budget(longest, run.Sampling.MaxTokens) + Margin;
    }

    private static int Measure(LlamaModel model, IReadOnlyList<ChatMessage> messages, IReadOnlyDictionary<string, JsonElement> templateArgs)
    {
        var chat = messages.Select(m => new LlamaChatMessage(m.Role.ToString().ToLowerInvariant(), m.Content)).ToList();
        var text = model.ApplyChatTemplate(chat, templateArguments: templateArgs).Text;
        return model.Tokenize(text, addSpecial: true, parseSpecial: true).Length;
    }
}
