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

    /// <summary>Tree-of-thought's proposal, rating and final prompts add their own instructions to the question.</summary>
    private const int TreeInstructionTokens = 384;

    /// <summary>
    /// Prompts are measured exactly through the chat template (with the run's template arguments) for single-prompt
    /// styles; tree-of-thought prompts grow with the thoughts on their path, which are bounded by its token limits.
    /// </summary>
    public static int For(LlamaModel model, RunDefinition run)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(run);
        var style = run.Style;
        int maxTokens = run.Sampling.MaxTokens;
        var inner = style.Parameters is SelfConsistencyParameters voted ? StyleTable.Create(voted.InnerName) : style;
        var prompt = inner.SinglePrompt ?? StyleTable.Create(ChainOfThought.Name).SinglePrompt!;

        var longest = 0;
        foreach (var item in run.Selected.Items)
        {
            var messages = prompt(TaskState.Start(run.Selected, item, SamplingSettings.Greedy));
            longest = Math.Max(longest, Measure(model, messages, run.TemplateArgs));
        }

        if (inner.Parameters is TreeOfThoughtParameters tree)
        {
            // A thought re-tokenised inside the next prompt can take more tokens than were generated.
            var path = tree.Depth * tree.ThoughtMaxTokens * 3 / 2;
            var generated = Math.Max(maxTokens, Math.Max(tree.ThoughtMaxTokens, tree.RatingMaxTokens));
            return longest + TreeInstructionTokens + path + generated + Margin;
        }
        return longest + maxTokens + Margin;
    }

    private static int Measure(LlamaModel model, IReadOnlyList<ChatMessage> messages, IReadOnlyDictionary<string, JsonElement> templateArgs)
    {
        var chat = messages.Select(m => new LlamaChatMessage(m.Role.ToString().ToLowerInvariant(), m.Content)).ToList();
        var text = model.ApplyChatTemplate(chat, templateArguments: templateArgs).Text;
        return model.Tokenize(text, addSpecial: true, parseSpecial: true).Length;
    }
}
