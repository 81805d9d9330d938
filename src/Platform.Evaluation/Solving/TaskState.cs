using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;

namespace Platform.Evaluation.Solving;

/// <summary>
/// The model call a solver is given. It is <see cref="IModel.GenerateAsync"/> in production; tests pass a
/// scripted function. Solvers never hold an <see cref="IModel"/> themselves, so every style runs against a fake.
/// </summary>
public delegate Task<IReadOnlyList<Completion>> Generate(GenerateRequest request, CancellationToken cancellationToken);

/// <summary>A solver turns a task state into a new one, calling the model as often as its style needs.</summary>
public delegate Task<TaskState> Solver(TaskState state, Generate generate, CancellationToken cancellationToken);

/// <summary>
/// One request sent to the model and everything it answered, labelled with the step of the style that sent it
/// ("answer", "propose d2", "rate d2 #3", "final"...). The transcript of an item is the list of these, in the order
/// the style consumed them.
/// </summary>
public sealed record Exchange(string Step, GenerateRequest Request, IReadOnlyList<Completion> Completions)
{
    /// <summary>Forked samples share one prompt evaluation, so the prompt is counted once per exchange.</summary>
    public int PromptTokens => Completions.Count == 0 ? 0 : Completions[0].PromptTokens;

    public int OutputTokens => Completions.Sum(c => c.OutputTokens);

    /// <summary>Calls the model and checks that it kept the contract of returning exactly one completion per sample.</summary>
    public static async Task<Exchange> RunAsync(
        Generate generate, string step, GenerateRequest request, CancellationToken cancellationToken)
    {
        var completions = await generate(request, cancellationToken).ConfigureAwait(false);
        if (completions.Count != request.Samples)
        {
            throw new InvalidOperationException(
                $"The model returned {completions.Count} completion(s) for step '{step}' but {request.Samples} sample(s) were requested; " +
                "an IModel must return exactly one completion per requested sample.");
        }
        return new Exchange(step, request, completions);
    }
}

/// <summary>
/// Everything known about one item while it is being solved: what is asked, how to sample, every exact prompt
/// and completion so far, and the final output that the scorer reads. Immutable: a solver returns a new state.
/// </summary>
public sealed record TaskState(
    Item Item,
    TaskType TaskType,
    AnswerKind AnswerKind,
    SamplingSettings Sampling,
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlyList<Exchange> Transcript,
    string Output,
    bool Truncated,
    StyleTrace? Trace)
{
    public static TaskState Start(Item item, TaskType taskType, AnswerKind answerKind, SamplingSettings sampling) =>
        new(item, taskType, answerKind, sampling, [], [], "", false, null);

    public static TaskState Start(Suite suite, Item item, SamplingSettings sampling) =>
        Start(item, suite.TaskType, suite.AnswerKind, sampling);

    public int PromptTokens => Transcript.Sum(e => e.PromptTokens);

    public int OutputTokens => Transcript.Sum(e => e.OutputTokens);

    public int ModelCalls => Transcript.Count;

    public TaskState Record(Exchange exchange) => this with { Transcript = [.. Transcript, exchange] };

    public TaskState Record(IEnumerable<Exchange> exchanges) => this with { Transcript = [.. Transcript, .. exchanges] };

    /// <summary>Sets the final output from one completion, and the conversation that produced it.</summary>
    public TaskState Finish(IReadOnlyList<ChatMessage> prompt, Completion completion, StyleTrace? trace = null) => this with
    {
        Messages = [.. prompt, new ChatMessage(ChatRole.Assistant, completion.Text)],
        Output = completion.Text,
        Truncated = completion.Truncated,
        Trace = trace ?? Trace,
    };
}
