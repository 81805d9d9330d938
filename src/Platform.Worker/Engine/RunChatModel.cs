using System.Runtime.CompilerServices;
using System.Text.Json;
using Platform.Evaluation.Models;
using Platform.Evaluation.Solving;
using Platform.Jobs.Runs;
using Platform.Llama;
using ChatTemplatePath = Platform.Data.Entities.ChatTemplatePath;
using EvaluatedItem = Platform.Evaluation.Running.ItemResult;

namespace Platform.Worker.Engine;

/// <summary>
/// One run's view of a loaded model: every request is formatted through the model's chat template here, and the
/// way each request was formatted is remembered, so the run can record per item whether its prompts came from the
/// model's own template or a fallback. The run's template arguments (<see cref="Evaluation.TemplateArguments"/>) go
/// into every rendering. The loaded model is shared between runs; this view is not.
/// </summary>
public sealed class RunChatModel(LlamaEvaluationModel engine, IReadOnlyDictionary<string, JsonElement>? templateArguments = null) : IModel
{
    // Keyed by the request object itself: an item's transcript holds the very requests that were sent, and entries
    // go away with them, so nothing accumulates over a long run.
    private readonly ConditionalWeakTable<GenerateRequest, object> _paths = new();

    public string Name => engine.Name;

    public Task<IReadOnlyList<Completion>> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prompt = engine.Render(request, templateArguments);
        _paths.AddOrUpdate(request, PathOf(prompt.Source));
        return engine.GenerateAsync(prompt.Text, request, cancellationToken);
    }

    /// <summary>
    /// The worst path among the prompts of these exchanges (an item whose template raised on one call counts as
    /// fallen back); null when none of them was sent through this view (an item that failed before its first call).
    /// </summary>
    public ChatTemplatePath? PathOf(IEnumerable<Exchange> exchanges)
    {
        ChatTemplatePath? worst = null;
        foreach (var exchange in exchanges)
        {
            if (_paths.TryGetValue(exchange.Request, out var path) && (worst is null || (ChatTemplatePath)path > worst))
                worst = (ChatTemplatePath)path;
        }
        return worst;
    }

    /// <summary>The worst path among an item's calls, those of its transcript or, when it failed, those completed before.</summary>
    public ChatTemplatePath? PathOf(EvaluatedItem result) => PathOf(result.State?.Transcript ?? result.Error?.CompletedCalls ?? []);

    public static ChatTemplatePath PathOf(ChatPromptSource source) => source switch
    {
        ChatPromptSource.Jinja => ChatTemplatePath.Jinja,
        ChatPromptSource.LlamaBuiltin => ChatTemplatePath.Builtin,
        _ => ChatTemplatePath.Fallback,
    };
}
