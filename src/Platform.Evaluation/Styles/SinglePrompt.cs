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
        string name, string version, string description, StyleParameters parameters, AnswerFormats formats, PromptBuilder prompt,
        Func<TaskState, StyleTrace?>? trace = null)
    {
        async Task<TaskState> Solve(TaskState state, Generate generate, CancellationToken cancellationToken)
        {
            var messages = prompt(state);
            var exchange = await Exchange.RunAsync(
                generate, "answer", new GenerateRequest(messages, state.Sampling), cancellationToken).ConfigureAwait(false);
            return state.Record(exchange).Finish(messages, exchange.Completions[0], trace?.Invoke(state));
        }
        return new ThinkingStyle(name, version, parameters, formats, Solve, prompt) { Description = description };
    }
}
